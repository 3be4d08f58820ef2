/**
 * Settings → Security → Rotate the data key: everything is sealed again under a new key, then the
 * old one is retired with the passphrase; a rotation cut short resumes at the next unlock. One
 * rotation, backup or restore at a time (the page's rule, app/connection.tsx).
 */
import { Alert, Button, PasswordInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { bridge } from '../../bridge';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { duringUninterruptibleWork } from '../../app/desktop';
import { cipherFromUnlock, useVault } from '../../app/vault';
import {
  ProgressBar,
  SecurityCard,
  StatusLine,
  useOperation,
  useRefusal,
  type Status,
  type WorkProgress,
} from './security-card';

export function RotateKeyCard() {
  const { t } = useTranslation();
  const { maintenance, profile, hasRiskSignal } = useWorkstationDb();
  const { replaceCipher } = useVault();
  const clock = useClock();
  const refusal = useRefusal();
  const [passphrase, setPassphrase] = useState('');
  const [progress, setProgress] = useState<WorkProgress | null>(null);
  const [pending, setPending] = useState(false);
  const { busy, status, setStatus, run: operate } = useOperation();

  useEffect(() => {
    let cancelled = false;
    void maintenance.rotationPending().then((pending) => !cancelled && setPending(pending));
    return () => {
      cancelled = true;
    };
  }, [maintenance]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (passphrase === '') return setStatus({ kind: 'error', text: t('vault.passphraseRequired') });
    // An update never installs while a rotation runs (issue 17 §3).
    void operate(() => duringUninterruptibleWork('rotation', rotate), { exclusive: true }).finally(
      () => setProgress(null),
    );
  };

  const rotate = async (): Promise<Status> => {
    const outcome = await maintenance.rotateDataKey(
      {
        rotate: (p) => bridge['vault.rotate']({ passphrase: p }),
        unlock: (p) => bridge['vault.unlock']({ passphrase: p }),
        retire: (p, keep) => bridge['vault.retire']({ passphrase: p, keep: [...keep] }),
      },
      passphrase,
      {
        openKeys: cipherFromUnlock,
        // From here on every screen seals under the new key (and the rotation is audited with it).
        onCipher: (cipher) => {
          setPending(true);
          replaceCipher(cipher);
        },
        hasRiskSignal,
        onProgress: setProgress,
        profile,
        nowMs: () => clock.now().getTime(),
      },
    );
    if (outcome.kind === 'refused') return { kind: 'error', text: refusal(outcome.check) };
    // Some values were written under the old key meanwhile: it was kept, finish again.
    if (outcome.kind === 'incomplete')
      return { kind: 'error', text: t('security.rotationIncomplete') };
    setPending(false);
    setPassphrase('');
    const unreadable =
      outcome.unreadable > 0
        ? ` ${t('security.rotationUnreadable', { count: outcome.unreadable })}`
        : '';
    return {
      kind: 'ok',
      text:
        (outcome.resealed > 0
          ? t('security.rotated', { checked: outcome.checked, count: outcome.resealed })
          : t('security.rotationFinished', { checked: outcome.checked })) + unreadable,
    };
  };

  return (
    <SecurityCard
      title={t('security.rotateTitle')}
      explain={t('security.rotateExplain')}
      maw={460}
      onSubmit={submit}
    >
      {pending && (
        <Alert color="yellow" py="xs" data-testid="rotation-pending">
          {t('security.rotationPending')}
        </Alert>
      )}
      <PasswordInput
        label={t('vault.passphrase')}
        value={passphrase}
        onChange={(e) => setPassphrase(e.currentTarget.value)}
        autoComplete="current-password"
      />
      <ProgressBar progress={progress} label={t('security.rotating')} />
      <StatusLine status={status} testId="rotation-status" />
      <Button type="submit" loading={busy} w="fit-content">
        {pending ? t('security.finishRotation') : t('security.rotate')}
      </Button>
    </SecurityCard>
  );
}
