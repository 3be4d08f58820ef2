/**
 * Settings → Security (issue 7): change the workstation passphrase (the keys are re-wrapped; the
 * data is not touched), rotate the data key (everything is sealed again under a new key, then the
 * old one is retired; an interrupted rotation resumes at the next unlock), save an encrypted
 * backup, and restore one (checked whole before anything changes). Each is in the audit log.
 */
import {
  Alert,
  Button,
  Card,
  FileInput,
  Group,
  PasswordInput,
  Progress,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconCheck } from '@tabler/icons-react';
import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { passphraseProblemText } from './passphrase-problem';
import { formatJstInstant } from '../../../domain/calendar';
import { bridge, BridgeCallError } from '../../bridge';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { cipherFromUnlock, useVault } from '../../app/vault';
import {
  BackupError,
  createBackupData,
  parseBackupFile,
  restoreBackup,
  type ParsedBackup,
} from '../../db/repositories/backup';
import { ROTATION_KEY } from '../../db/repositories/resealing';
import { rotateDataKey } from '../../db/repositories/rotation';
import { PassphraseStrength } from './PassphraseStrength';
import { duringUninterruptibleWork, useDesktopCommand } from '../../app/desktop';

type Status = { kind: 'idle' } | { kind: 'ok'; text: string } | { kind: 'error'; text: string };

/**
 * Rotation, backup and restore each read or rewrite every sealed value: one at a time, across the
 * page (a restore sealing under a key that a rotation is retiring would lose the data).
 */
let operationRunning = false;
async function exclusively<T>(task: () => Promise<T>): Promise<T | 'busy'> {
  if (operationRunning) return 'busy';
  operationRunning = true;
  try {
    return await task();
  } finally {
    operationRunning = false;
  }
}

function StatusLine({ status, testId }: { status: Status; testId: string }) {
  if (status.kind === 'idle') return null;
  return (
    <Alert
      color={status.kind === 'ok' ? 'teal' : 'red'}
      icon={
        status.kind === 'ok' ? <IconCheck size={16} aria-hidden /> : <IconAlertTriangle size={16} />
      }
      role={status.kind === 'ok' ? 'status' : 'alert'}
      py="xs"
      data-testid={testId}
    >
      {status.text}
    </Alert>
  );
}

/** One card of the section: its title and explanation, then its fields (a form if it submits). */
function SecurityCard({
  title,
  explain,
  maw,
  onSubmit,
  children,
}: {
  title: string;
  explain: string;
  maw: number;
  onSubmit?: (event: FormEvent) => void;
  children: ReactNode;
}) {
  const body = (
    <Stack gap="sm" maw={maw}>
      <Title order={2} size="h4">
        {title}
      </Title>
      <Text size="sm" c="dimmed">
        {explain}
      </Text>
      {children}
    </Stack>
  );
  return (
    <Card withBorder padding="md">
      {onSubmit ? (
        <form onSubmit={onSubmit} noValidate>
          {body}
        </form>
      ) : (
        body
      )}
    </Card>
  );
}

function ProgressBar({ progress, label }: { progress: WorkProgress | null; label: string }) {
  if (progress === null) return null;
  return (
    <Progress
      value={progress.total ? (progress.done / progress.total) * 100 : 0}
      aria-label={label}
    />
  );
}

type WorkProgress = { done: number; total: number };

/**
 * A card's operation: busy while it runs, its outcome (or error) as the status line. With
 * `exclusive`, it waits for no other rotation, backup or restore: it refuses while one runs.
 */
function useOperation(describeError: (error: unknown) => string = errorText) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const run = async (task: () => Promise<Status>, options: { exclusive?: boolean } = {}) => {
    setBusy(true);
    setStatus({ kind: 'idle' });
    try {
      const outcome = options.exclusive ? await exclusively(task) : await task();
      setStatus(outcome === 'busy' ? { kind: 'error', text: t('security.busy') } : outcome);
    } catch (error) {
      setStatus({ kind: 'error', text: describeError(error) });
    } finally {
      setBusy(false);
    }
  };
  return { busy, status, setStatus, run };
}

const errorText = (error: unknown) =>
  error instanceof BridgeCallError ? error.message : String(error);

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

function useRefusal() {
  const { t } = useTranslation();
  return (result: { ok: boolean; retryAfterMs: number | null }) =>
    result.retryAfterMs === null
      ? t('vault.wrongPassphrase')
      : t('vault.lockedOut', { seconds: Math.ceil(result.retryAfterMs / 1000) });
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
        { profile, action: 'key-change', object: 'passphrase', reason: 'passphrase changed' },
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
  const { db, profile, hasRiskSignal } = useWorkstationDb();
  const { replaceCipher } = useVault();
  const clock = useClock();
  const refusal = useRefusal();
  const [passphrase, setPassphrase] = useState('');
  const [progress, setProgress] = useState<WorkProgress | null>(null);
  const [pending, setPending] = useState(false);
  const { busy, status, setStatus, run: operate } = useOperation();

  useEffect(() => {
    let cancelled = false;
    void db.meta.get(ROTATION_KEY).then((row) => !cancelled && setPending(row !== undefined));
    return () => {
      cancelled = true;
    };
  }, [db]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (passphrase === '') return setStatus({ kind: 'error', text: t('vault.passphraseRequired') });
    // An update never installs while a rotation runs (issue 17 §3).
    void operate(() => duringUninterruptibleWork('rotation', rotate), { exclusive: true }).finally(
      () => setProgress(null),
    );
  };

  const rotate = async (): Promise<Status> => {
    const outcome = await rotateDataKey(
      db,
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
  const { db, cipher, audit, profile } = useWorkstationDb();
  const clock = useClock();
  return useCallback(async (): Promise<Status> => {
    if ((await db.meta.get(ROTATION_KEY)) !== undefined)
      return { kind: 'error', text: t('security.finishRotationFirst') };
    const nowMs = clock.now().getTime();
    const { data, records } = await createBackupData(db, cipher, nowMs);
    const stamp = formatJstInstant(nowMs).slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
    // Recorded before the file is written: an export the log does not hold never happens.
    await audit.append(
      {
        profile,
        action: 'export',
        object: 'backup',
        reason: `encrypted backup: ${records} records`,
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
  }, [db, cipher, audit, profile, clock, t]);
}

function RestoreCard() {
  const { t } = useTranslation();
  const { db, cipher, audit, profile, dataChanged, search } = useWorkstationDb();
  const clock = useClock();
  const refusal = useRefusal();
  const [file, setFile] = useState<File | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [workstationPassphrase, setWorkstationPassphrase] = useState('');
  const [progress, setProgress] = useState<WorkProgress | null>(null);
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
    error instanceof BackupError || error instanceof BridgeCallError
      ? `${error.message} ${t('security.nothingChanged')}`
      : String(error),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (file === null) return setStatus({ kind: 'error', text: t('security.chooseBackup') });
    if (passphrase === '' || workstationPassphrase === '')
      return setStatus({ kind: 'error', text: t('vault.passphraseRequired') });
    void operate(() => duringUninterruptibleWork('restore', () => restore(file)), {
      exclusive: true,
    }).finally(() => setProgress(null));
  };

  const restore = async (chosen: File): Promise<Status> => {
    if ((await db.meta.get(ROTATION_KEY)) !== undefined)
      return { kind: 'error', text: t('security.finishRotationFirst') };
    // Replacing all data is for whoever holds this workstation's passphrase.
    const allowed = await bridge['passphrase.verify']({ passphrase: workstationPassphrase });
    if (!allowed.ok) return { kind: 'error', text: refusal(allowed) };
    let parsed: ParsedBackup;
    try {
      parsed = parseBackupFile(await chosen.text());
    } catch (e) {
      return { kind: 'error', text: e instanceof Error ? e.message : String(e) };
    }
    const unlocked = await bridge['vault.unlock']({ passphrase, backup: parsed.keystore });
    if (!unlocked.ok)
      return {
        kind: 'error',
        text: `${t('security.backupWrongPassphrase')} ${refusal(unlocked)} ${t('security.nothingChanged')}`,
      };
    const backupKeys = await cipherFromUnlock(unlocked.keys);
    const { records } = await restoreBackup(db, cipher, backupKeys, parsed, (p) =>
      setProgress({ done: p.done, total: p.total }),
    );
    await audit.append(
      { profile, action: 'restore', object: 'backup', reason: `restored ${records} records` },
      clock.now().getTime(),
    );
    void search.rebuild();
    dataChanged();
    setFile(null);
    setPassphrase('');
    setWorkstationPassphrase('');
    return { kind: 'ok', text: t('security.restored', { count: records }) };
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
    </SecurityCard>
  );
}
