/**
 * Settings → Security (issue 7): change the workstation passphrase (the keys are re-wrapped; the
 * data is not touched), rotate the data key (everything is sealed again under a new key, then the
 * old one is retired; an interrupted rotation resumes at the next unlock), save an encrypted
 * backup, and restore one (checked whole before anything changes). Each is in the audit log.
 */
import { Alert, Button, PasswordInput, Stack } from '@mantine/core';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { passphraseProblemText } from './passphrase-problem';
import { formatJstInstant } from '../../../domain/calendar';
import { bridge } from '../../bridge';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { cipherFromUnlock, useVault } from '../../app/vault';
import { PassphraseStrength } from './PassphraseStrength';
import { duringUninterruptibleWork } from '../../app/desktop';
import { RestoreCard } from './RestoreCard';
import {
  ProgressBar,
  SecurityCard,
  StatusLine,
  useOperation,
  useRefusal,
  type Status,
  type WorkProgress,
} from './security-card';

export function SecuritySection() {
  return (
    <Stack gap="md">
      <ChangePassphraseCard />
      <RotateKeyCard />
      <BackupCard />
      <RestoreCard />
    </Stack>
  );
}

function ChangePassphraseCard() {
  const { t } = useTranslation();
  const { audit, profile } = useWorkstationDb();
  const clock = useClock();
  const refusal = useRefusal();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const { busy, status, setStatus, run } = useOperation();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = passphraseProblemText(t, next);
    if (current === '') return setStatus({ kind: 'error', text: t('vault.passphraseRequired') });
    if (problem) return setStatus({ kind: 'error', text: problem });
    if (confirm !== next) return setStatus({ kind: 'error', text: t('vault.passphraseMismatch') });
    void run(async () => {
      const result = await bridge['passphrase.change']({ current, next });
      if (!result.ok) return { kind: 'error', text: refusal(result) };
      await audit.append(
        {
          profile,
          action: 'key-change',
          object: 'passphrase',
          reason: { code: 'passphrase-changed' },
        },
        clock.now().getTime(),
      );
      setCurrent('');
      setNext('');
      setConfirm('');
      return { kind: 'ok', text: t('security.passphraseChanged') };
    });
  };

  return (
    <SecurityCard
      title={t('security.passphraseTitle')}
      explain={t('security.passphraseExplain')}
      maw={460}
      onSubmit={submit}
    >
      <PasswordInput
        label={t('security.currentPassphrase')}
        value={current}
        onChange={(e) => setCurrent(e.currentTarget.value)}
        autoComplete="current-password"
      />
      <PasswordInput
        label={t('security.newPassphrase')}
        value={next}
        onChange={(e) => setNext(e.currentTarget.value)}
        autoComplete="new-password"
      />
      <PassphraseStrength passphrase={next} />
      <PasswordInput
        label={t('security.confirmNewPassphrase')}
        value={confirm}
        onChange={(e) => setConfirm(e.currentTarget.value)}
        autoComplete="new-password"
      />
      <StatusLine status={status} testId="passphrase-change-status" />
      <Button type="submit" loading={busy} w="fit-content">
        {t('security.changePassphrase')}
      </Button>
    </SecurityCard>
  );
}

function RotateKeyCard() {
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

function BackupCard() {
  const { t } = useTranslation();
  const backUp = useBackUp();
  const { busy, status, run } = useOperation();
  return (
    <SecurityCard title={t('security.backupTitle')} explain={t('security.backupExplain')} maw={560}>
      <StatusLine status={status} testId="backup-status" />
      <Button onClick={() => void run(backUp, { exclusive: true })} loading={busy} w="fit-content">
        {t('security.saveBackup')}
      </Button>
    </SecurityCard>
  );
}

function useBackUp() {
  const { t } = useTranslation();
  const { maintenance, audit, profile } = useWorkstationDb();
  const clock = useClock();
  return useCallback(async (): Promise<Status> => {
    if (await maintenance.rotationPending())
      return { kind: 'error', text: t('security.finishRotationFirst') };
    const nowMs = clock.now().getTime();
    const { data, records } = await maintenance.createBackup(nowMs);
    const stamp = formatJstInstant(nowMs).slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
    // Recorded before the file is written: an export the log does not hold never happens.
    await audit.append(
      {
        profile,
        action: 'export',
        object: 'backup',
        reason: { code: 'backup-exported', records },
      },
      nowMs,
    );
    const saved = await bridge['backup.save']({
      suggestedName: `counsellor-workstation-${stamp}.cwbackup`,
      data,
    });
    return saved.saved
      ? { kind: 'ok', text: t('security.backupSaved', { path: saved.path, count: records }) }
      : { kind: 'idle' };
  }, [maintenance, audit, profile, clock, t]);
}
