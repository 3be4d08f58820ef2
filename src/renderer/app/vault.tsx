/**
 * The lock (issue 7). The app opens locked: nothing below this provider exists until the main
 * process has handed over the keys (`vault.unlock`, the one channel that carries them), which are
 * imported at once as non-extractable WebCrypto keys while their bytes are zeroed.
 *
 * Locking (on demand, after an idle time, or under Electron when the screen locks or the computer
 * sleeps: the main process reloads the page) drops the cipher and unmounts every screen, so every
 * decrypted value held by React state, and the in-memory search index, goes with them.
 *
 * The first start asks to create the workstation passphrase (with strength feedback). When the
 * operating system's store can unlock (Electron), or the browser host was given a passphrase file,
 * the first unlock of a page needs no typing; after a lock the passphrase is asked for again.
 */
import { bridgeAuditAnchor } from './audit-anchor';
import {
  Alert,
  Button,
  Center,
  Loader,
  Paper,
  PasswordInput,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type FormEvent,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import { passphraseProblemText } from '../features/security/passphrase-problem';
import type { PassphraseStateOutput, UnlockOutput } from '../../bridge/schemas/security';
import { bridge, BridgeCallError } from '../bridge';
import { bridgeErrorText } from './bridge-words';
import { FieldCipher } from '../db/crypto/field-cipher';
import { PassphraseStrength } from '../features/security/PassphraseStrength';
import { useOrganisationSettings } from './workstation';
import { useConnection } from './connection';
import { ProgressScreen } from './ProgressScreen';
import { hasRiskSignal } from './risk';
import { auditHeadMark, createAuditRepository } from '../db/repositories/audit';
import { legacyPlaintextPending, sealLegacyPlaintext } from '../db/repositories/resealing';
import { resumeRotation } from '../db/repositories/rotation';

type VaultState =
  | { state: 'checking' }
  | { state: 'damaged'; problem: string }
  | { state: 'failed'; message: string }
  | { state: 'create' }
  | { state: 'locked'; osUnlock: boolean }
  | { state: 'sealing'; purpose: 'legacy' | 'rotation'; done: number; total: number }
  | { state: 'unlocked'; cipher: FieldCipher };

interface VaultValue {
  cipher: FieldCipher;
  /** Locks now: the keys and every decrypted value are dropped. */
  lock(): void;
  /** Takes fresh keys after a rotation (the main process's current key changed). */
  replaceCipher(cipher: FieldCipher): void;
  /**
   * Unlocks again with the passphrase after the key set changed under the page (an enrolment,
   * issue 15), as a typed unlock does: values sealed under a key that is no longer current are
   * sealed again (with the progress screen) before the app shows anything. False: refused.
   */
  reopen(passphrase: string): Promise<boolean>;
}

const VaultContext = createContext<VaultValue | null>(null);

/** Turns the bytes the main process sent into a cipher; the byte arrays are zeroed. */
export async function cipherFromUnlock(
  keys: Extract<UnlockOutput, { ok: true }>['keys'],
): Promise<FieldCipher> {
  const bytes = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return FieldCipher.fromKeyMaterial({
    currentKid: keys.currentKid,
    keys: keys.keys.map((k) => ({ kid: k.kid, key: bytes(k.key) })),
    indexKey: bytes(keys.indexKey),
    localIndexKey: keys.localIndexKey === undefined ? undefined : bytes(keys.localIndexKey),
  });
}

/** Activity that keeps the app unlocked. */
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

export function VaultProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const connection = useConnection();
  const [vault, setVault] = useState<VaultState>({ state: 'checking' });
  const [checks, setChecks] = useState(0);
  const { state: settingsState } = useOrganisationSettings();
  const idleMinutes = settingsState.settings.lockAfterIdleMinutes;

  /** The cipher from an unlock; records stored before encryption are sealed first. */
  const opened = useCallback(
    async (result: UnlockOutput): Promise<VaultState | null> => {
      if (!result.ok) return null;
      const cipher = await cipherFromUnlock(result.keys);
      const db = connection.db;
      const progressOf = (purpose: 'legacy' | 'rotation') => (p: { done: number; total: number }) =>
        setVault({ state: 'sealing', purpose, done: p.done, total: p.total });
      if (await legacyPlaintextPending(db)) {
        const progress = progressOf('legacy');
        progress({ done: 0, total: 0 });
        await sealLegacyPlaintext(db, cipher, hasRiskSignal, progress);
        // The audit log written before encryption gets its first head mark (trusted as it is now).
        await createAuditRepository(db, undefined, auditHeadMark(cipher)).markHead();
      }
      // A key rotation that was interrupted: everything still under an old key is sealed again
      // (Settings → Security then retires the old key with the passphrase).
      await resumeRotation(db, cipher, { hasRiskSignal, onProgress: progressOf('rotation') });
      // A log that was never anchored outside the page (from before anchors) is anchored once.
      try {
        await createAuditRepository(
          db,
          undefined,
          auditHeadMark(cipher),
          undefined,
          bridgeAuditAnchor,
        ).anchorOnce();
      } catch {
        // Verify says so; the unlock goes on.
      }
      return { state: 'unlocked', cipher };
    },
    [connection],
  );

  // What the key store says decides the screen: create, unlock, or (first time) unlock at once.
  useEffect(() => {
    let cancelled = false;
    const next = async (): Promise<VaultState> => {
      try {
        const status: PassphraseStateOutput = await bridge['passphrase.status']({});
        if (status.state === 'damaged') return status;
        if (status.state === 'unset') return { state: 'create' };
        if (!connection.firstUnlockDone() && (status.autoUnlock || status.osUnlock)) {
          connection.markFirstUnlockDone();
          const unlocked = await opened(await bridge['vault.unlock']({ passphrase: null }));
          if (unlocked) return unlocked;
        }
        return { state: 'locked', osUnlock: status.osUnlock };
      } catch (error) {
        return { state: 'failed', message: error instanceof Error ? error.message : '' };
      }
    };
    void next().then((state) => !cancelled && setVault(state));
    return () => {
      cancelled = true;
    };
  }, [opened, checks, connection]);

  const lock = useCallback(() => {
    connection.markFirstUnlockDone();
    // Dropped here at once; the main process is told too, so that neither a reload nor the OS
    // store undoes the lock: only the typed passphrase does.
    setVault({ state: 'checking' });
    void bridge['vault.lock']({})
      .catch(() => undefined)
      .then(() => setChecks((n) => n + 1));
  }, [connection]);

  const unlockWith = useCallback(
    async (result: UnlockOutput) => {
      connection.markFirstUnlockDone();
      const state = await opened(result);
      if (state) setVault(state);
      return result;
    },
    [opened, connection],
  );

  // The idle lock: real timers (not the app's clock, which a demo may pin).
  const unlocked = vault.state === 'unlocked';
  useEffect(() => {
    if (!unlocked) return undefined;
    let timer = window.setTimeout(lock, idleMinutes * 60_000);
    const activity = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(lock, idleMinutes * 60_000);
    };
    for (const event of ACTIVITY_EVENTS)
      window.addEventListener(event, activity, { passive: true });
    return () => {
      window.clearTimeout(timer);
      for (const event of ACTIVITY_EVENTS) window.removeEventListener(event, activity);
    };
  }, [unlocked, idleMinutes, lock]);

  const replaceCipher = useCallback(
    (cipher: FieldCipher) => setVault({ state: 'unlocked', cipher }),
    [],
  );
  const reopen = useCallback(
    async (passphrase: string) => {
      const result = await bridge['vault.unlock']({ passphrase });
      const state = await opened(result);
      if (state) setVault(state);
      return state !== null;
    },
    [opened],
  );
  const value = useMemo(
    () =>
      vault.state === 'unlocked' ? { cipher: vault.cipher, lock, replaceCipher, reopen } : null,
    [vault, lock, replaceCipher, reopen],
  );

  if (value !== null)
    return <VaultContext.Provider value={value}>{children}</VaultContext.Provider>;
  if (vault.state === 'checking')
    return (
      <Center h="100vh">
        {/* A span may not carry a label alone (axe: aria-prohibited-attr): it is a status. */}
        <Loader size="sm" role="status" aria-label={t('app.loading')} />
      </Center>
    );
  if (vault.state === 'sealing')
    return (
      <ProgressScreen
        text={
          vault.total === 0
            ? t('vault.sealingCounting')
            : vault.purpose === 'rotation'
              ? t('vault.resumingRotation', { done: vault.done, total: vault.total })
              : t('vault.sealing', { done: vault.done, total: vault.total })
        }
        label={t(
          vault.purpose === 'rotation' ? 'vault.resumingRotationLabel' : 'vault.sealingLabel',
        )}
        done={vault.done}
        total={vault.total}
      />
    );
  if (vault.state === 'unlocked') return null;
  return (
    <VaultScreen
      vault={vault}
      onUnlock={async (passphrase) => unlockWith(await bridge['vault.unlock']({ passphrase }))}
      onCreate={async (passphrase) => {
        await bridge['passphrase.create']({ passphrase });
        return unlockWith(await bridge['vault.unlock']({ passphrase }));
      }}
    />
  );
}

export function useVault(): VaultValue {
  const value = useContext(VaultContext);
  if (value === null) throw new Error('used outside an unlocked VaultProvider');
  return value;
}

function VaultScreen({
  vault,
  onUnlock,
  onCreate,
}: {
  vault: Exclude<VaultState, { state: 'unlocked' | 'checking' | 'sealing' }>;
  onUnlock(passphrase: string | null): Promise<UnlockOutput>;
  onCreate(passphrase: string): Promise<UnlockOutput>;
}) {
  const { t } = useTranslation();
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const creating = vault.state === 'create';

  const refused = (result: UnlockOutput) => {
    if (result.ok) return;
    setError(
      result.retryAfterMs === null
        ? t('vault.wrongPassphrase')
        : t('vault.lockedOut', { seconds: Math.ceil(result.retryAfterMs / 1000) }),
    );
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setError(null);
    if (passphrase === '') return setError(t('vault.passphraseRequired'));
    if (creating) {
      const problem = passphraseProblemText(t, passphrase);
      if (problem) return setError(problem);
      if (confirm !== passphrase) return setError(t('vault.passphraseMismatch'));
    }
    setBusy(true);
    try {
      refused(creating ? await onCreate(passphrase) : await onUnlock(passphrase));
    } catch (e) {
      setError(
        e instanceof BridgeCallError ? bridgeErrorText(e.error, t) : t('vault.unlockFailed'),
      );
    } finally {
      setBusy(false);
      setPassphrase('');
      setConfirm('');
    }
  };

  const unlockWithOs = async () => {
    setBusy(true);
    setError(null);
    try {
      refused(await onUnlock(null));
    } catch {
      setError(t('vault.unlockFailed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder p="lg" w={420} radius="md">
        <Stack gap="sm">
          <Stack gap={4} align="center">
            <IconLock size={28} aria-hidden />
            <Title order={1} size="h3">
              {creating ? t('vault.createTitle') : t('vault.lockedTitle')}
            </Title>
            <Text size="sm" c="dimmed" ta="center">
              {creating ? t('vault.createExplain') : t('vault.lockedExplain')}
            </Text>
          </Stack>
          {vault.state === 'damaged' ? (
            <Alert color="red" role="alert" title={t('vault.damagedTitle')}>
              {vault.problem}
            </Alert>
          ) : vault.state === 'failed' ? (
            <Alert color="red" role="alert" title={t('vault.unlockFailed')}>
              {vault.message}
            </Alert>
          ) : (
            <form onSubmit={(e) => void submit(e)} noValidate>
              <Stack gap="sm">
                <PasswordInput
                  label={t('vault.passphrase')}
                  value={passphrase}
                  onChange={(e) => setPassphrase(e.currentTarget.value)}
                  autoComplete={creating ? 'new-password' : 'current-password'}
                  data-autofocus
                  autoFocus
                  description={creating ? t('vault.passphraseRule') : undefined}
                />
                {creating && <PassphraseStrength passphrase={passphrase} />}
                {creating && (
                  <PasswordInput
                    label={t('vault.confirmPassphrase')}
                    value={confirm}
                    onChange={(e) => setConfirm(e.currentTarget.value)}
                    autoComplete="new-password"
                  />
                )}
                {error && (
                  <Alert color="red" role="alert" py="xs">
                    {error}
                  </Alert>
                )}
                <Button type="submit" loading={busy}>
                  {creating ? t('vault.create') : t('vault.unlock')}
                </Button>
                {vault.state === 'locked' && vault.osUnlock && (
                  <Button variant="default" onClick={() => void unlockWithOs()} disabled={busy}>
                    {t('vault.unlockWithOs')}
                  </Button>
                )}
              </Stack>
            </form>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
