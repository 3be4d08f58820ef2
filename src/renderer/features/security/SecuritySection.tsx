/**
 * Settings → Security (issue 7): change the workstation passphrase (the keys are re-wrapped; the
 * data is not touched), rotate the data key (everything is sealed again under a new key, then the
 * old one is retired; an interrupted rotation resumes at the next unlock), save an encrypted
 * backup, and restore one (checked whole before anything changes). Each is in the audit log.
 */
import { Button, PasswordInput, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { passphraseProblemText } from './passphrase-problem';
import { bridge } from '../../bridge';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { PassphraseStrength } from './PassphraseStrength';
import { RestoreCard } from './RestoreCard';
import { RotateKeyCard } from './RotateKeyCard';
import { BackupCard } from './BackupCard';
import { SecurityCard, StatusLine, useOperation, useRefusal } from './security-card';

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
