/**
 * Settings → Security → Restore a backup. The whole file is checked before anything changes: the
 * passphrases, its form, its check under the backup's keys. Then the person is shown what would be
 * replaced (the counts on this workstation now) and what the backup holds (its date and counts),
 * and confirms deliberately (a box to tick, then the red button) before the data is replaced.
 */
import { Button, FileInput, Group, PasswordInput } from '@mantine/core';
import { useCallback, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { bridge } from '../../bridge';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { duringUninterruptibleWork, useDesktopCommand } from '../../app/desktop';
import { cipherFromUnlock } from '../../app/vault';
import {
  BackupError,
  parseBackupFile,
  summariseBackup,
  type ParsedBackup,
} from '../../db/repositories/backup';
import { RestoreConfirm, type PendingRestore } from './RestoreConfirm';
import {
  ProgressBar,
  SecurityCard,
  StatusLine,
  useOperation,
  useRefusal,
  type Status,
  type WorkProgress,
} from './security-card';

export function RestoreCard() {
  const { t } = useTranslation();
  const { maintenance, audit, profile, search } = useWorkstationDb();
  const clock = useClock();
  const refusal = useRefusal();
  const [file, setFile] = useState<File | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [workstationPassphrase, setWorkstationPassphrase] = useState('');
  const [progress, setProgress] = useState<WorkProgress | null>(null);
  const [pending, setPending] = useState<PendingRestore | null>(null);
  // A backup opened on the desktop brings the person here; they choose it and confirm.
  const fileRef = useRef<HTMLButtonElement>(null);
  const showRestore = useCallback(() => {
    fileRef.current?.scrollIntoView({ block: 'center' });
    fileRef.current?.focus();
  }, []);
  useDesktopCommand('restore-backup', showRestore);
  const {
    busy,
    status,
    setStatus,
    run: operate,
  } = useOperation((error) =>
    // A backup the file's own check refuses is an answer to the person; anything else is a
    // failure, logged as one and worded as every action's (which says nothing saved was lost).
    error instanceof BackupError
      ? `${t(`security.backupError.${error.code}`)} ${t('security.nothingChanged')}`
      : null,
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file === null) return setStatus({ kind: 'error', text: t('security.chooseBackup') });
    if (passphrase === '' || workstationPassphrase === '')
      return setStatus({ kind: 'error', text: t('vault.passphraseRequired') });
    void operate(() => prepare(file), { exclusive: true });
  };

  /** Checks and opens the backup, and asks for the confirmation; nothing changes here. */
  const prepare = async (chosen: File): Promise<Status> => {
    if (await maintenance.rotationPending())
      return { kind: 'error', text: t('security.finishRotationFirst') };
    // Replacing all data is for whoever holds this workstation's passphrase.
    const allowed = await bridge['passphrase.verify']({ passphrase: workstationPassphrase });
    if (!allowed.ok) return { kind: 'error', text: refusal(allowed) };
    let parsed: ParsedBackup;
    try {
      parsed = parseBackupFile(await chosen.text());
    } catch (e) {
      if (!(e instanceof BackupError)) throw e;
      return { kind: 'error', text: t(`security.backupError.${e.code}`) };
    }
    const unlocked = await bridge['vault.unlock']({ passphrase, backup: parsed.keystore });
    if (!unlocked.ok)
      return {
        kind: 'error',
        text: `${t('security.backupWrongPassphrase')} ${refusal(unlocked)} ${t('security.nothingChanged')}`,
      };
    const backupKeys = await cipherFromUnlock(unlocked.keys);
    const [summary, now] = await Promise.all([
      summariseBackup(backupKeys, parsed),
      maintenance.restoreCounts(),
    ]);
    setPending({ parsed, backupKeys, summary, now });
    return { kind: 'idle' };
  };

  const cancel = () => {
    setPending(null);
    setStatus({
      kind: 'ok',
      text: `${t('security.restoreCancelled')} ${t('security.nothingChanged')}`,
    });
  };

  const confirm = () => {
    if (pending === null) return;
    const chosen = pending;
    setPending(null);
    void operate(
      () =>
        duringUninterruptibleWork('restore', async (): Promise<Status> => {
          if (await maintenance.rotationPending())
            return { kind: 'error', text: t('security.finishRotationFirst') };
          const { records } = await maintenance.restore(chosen.backupKeys, chosen.parsed, (p) =>
            setProgress({ done: p.done, total: p.total }),
          );
          await audit.append(
            {
              profile,
              action: 'restore',
              object: 'backup',
              reason: { code: 'backup-restored', records },
            },
            clock.now().getTime(),
          );
          // The screens read live: the restored data shows by itself.
          void search.rebuild();
          setFile(null);
          setPassphrase('');
          setWorkstationPassphrase('');
          return { kind: 'ok', text: t('security.restored', { count: records }) };
        }),
      { exclusive: true },
    ).finally(() => setProgress(null));
  };

  return (
    <SecurityCard
      title={t('security.restoreTitle')}
      explain={t('security.restoreExplain')}
      maw={560}
      onSubmit={submit}
    >
      <FileInput
        ref={fileRef}
        label={t('security.backupFile')}
        description={t('security.chooseBackup')}
        accept=".cwbackup,application/json"
        value={file}
        onChange={setFile}
        clearable
        clearButtonProps={{ 'aria-label': t('security.clearBackupFile') }}
      />
      <PasswordInput
        label={t('security.backupPassphrase')}
        description={t('security.backupPassphraseHint')}
        value={passphrase}
        onChange={(e) => setPassphrase(e.currentTarget.value)}
        autoComplete="off"
      />
      <PasswordInput
        label={t('security.workstationPassphrase')}
        description={t('security.workstationPassphraseHint')}
        value={workstationPassphrase}
        onChange={(e) => setWorkstationPassphrase(e.currentTarget.value)}
        autoComplete="current-password"
      />
      <ProgressBar progress={progress} label={t('security.restoring')} />
      <StatusLine status={status} testId="restore-status" />
      <Group>
        <Button type="submit" color="red" variant="light" loading={busy}>
          {t('security.restore')}
        </Button>
      </Group>
      {pending !== null && (
        <RestoreConfirm pending={pending} onCancel={cancel} onConfirm={confirm} />
      )}
    </SecurityCard>
  );
}
