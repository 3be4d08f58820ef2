/**
 * The page's database and what goes with it: the risk-signal matcher used when messages are
 * stored, and the profile signed in (its role decides what every screen may show; its linked
 * counsellor is whose cases are "mine"). On the first start of a browser host run with `--demo`,
 * the demo dataset is imported here before the app shows.
 *
 * Switching roles goes through the main process, which records the role it proved: a supervisor
 * only with that person's own credential, up from a CO view with the workstation passphrase, down
 * with nothing. Every switch, and every refused attempt, is written to the audit log.
 */
import { bridgeAuditAnchor } from './audit-anchor';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { useConnection, type Connection } from './connection';
import { importCheckedDataset } from '../db/repositories/import';
import { createQueueRepository, type QueueRepository } from '../db/repositories/queue';
import { createBookingRepository, type BookingRepository } from '../db/repositories/booking';
import { createBookingRules } from '../../domain/booking';
import { createReleasesRepository, type ReleasesRepository } from '../db/repositories/releases';
import { createClaimsRepository, type ClaimsRepository } from '../db/repositories/claims';
import { loadReportInput } from '../db/repositories/reports';
import {
  createMaintenanceRepository,
  type MaintenanceRepository,
} from '../db/repositories/maintenance';
import type { ReportInput } from '../../domain/reports';
import { useBusinessCalendar, useOrganisationSettings } from './workstation';
import { ensureDefaultTemplates } from '../db/repositories/templates';
import {
  auditHeadMark,
  auditReasonSealer,
  createAuditRepository,
  type AuditRepository,
} from '../db/repositories/audit';
import { hasRiskSignal } from './risk';
import { createProfileRepository, type ProfileRepository } from '../db/repositories/profiles';
import { createRefusalsRepository, type RefusalsRepository } from '../db/repositories/sync-engine';
import type { ProfileRecord } from '../db/records';
import { bridge } from '../bridge';
import { useClock, type Clock } from './clock';
import { demoSeedWanted } from './demo-seed';
import type { RoleStatus } from '../../bridge/schemas/roles';
import { Center, Loader } from '@mantine/core';
import { MessageSearchIndex } from '../db/repositories/search-index';
import { useVault } from './vault';
import i18n from 'i18next';

export type SwitchResult =
  | { ok: true }
  | { ok: false; reason: 'passphrase-required' | 'no-credential' | 'account-ended' }
  | { ok: false; reason: 'wrong-passphrase'; attemptsLeft: number | null }
  | { ok: false; reason: 'locked-out'; retryAfterMs: number };

interface DatabaseContextValue {
  queue: QueueRepository;
  booking: BookingRepository;
  audit: AuditRepository;
  /** The register of report releases (and CO views). */
  releases: ReleasesRepository;
  /** Subsidy claims (the Counselling Assistance Programme ledger). */
  claims: ClaimsRepository;
  /** The reports' input: metadata only, in one read (a consistent snapshot). */
  reports: { input(): Promise<ReportInput> };
  /** Import, backup and restore, key rotation, and the audit log's participant names. */
  maintenance: MaintenanceRepository;
  /** The changes the sync server refused, until the person dismisses them. */
  refusals: RefusalsRepository;
  /** Runs whole-data work (rotation, backup, restore) unless another runs: 'busy' then. */
  exclusively: Connection['exclusively'];
  /** Who the audit log names for actions on this workstation: the signed-in profile's name. */
  profile: string;
  /** The profile signed in; its role decides what every screen may show. */
  currentProfile: ProfileRecord;
  profiles: readonly ProfileRecord[];
  profileRepository: ProfileRepository;
  /** Reloads the list of profiles (after one is added or removed). */
  profilesChanged(): Promise<void>;
  /**
   * Signs a profile in (or confirms the one signed in): a supervisor with their own credential,
   * up from a CO view with the workstation passphrase; checked by the main process.
   */
  switchProfile(id: string, secret: string | null): Promise<SwitchResult>;
  /** The roles as the main process knows them (which supervisors have a credential). */
  roleStatus: RoleStatus;
  /** Reloads `roleStatus` (after a credential was set). */
  rolesChanged(): Promise<void>;
  /** The profile signed in is a supervisor AND the main process proved it: may change the rules. */
  supervisorProven: boolean;
  hasRiskSignal: (text: string) => boolean;
  /** The in-memory text search index (new messages are added to it after they are stored). */
  search: MessageSearchIndex;
  /** The counsellor whose queue "mine" means: the signed-in profile's linked counsellor. */
  counsellorId: string | null;
  setCounsellorId(id: string | null): void;
}

const DatabaseContext = createContext<DatabaseContextValue | null>(null);
const LEGACY_COUNSELLOR_KEY = 'cw.counsellor';

export function DatabaseProvider({ children }: { children: ReactNode }) {
  const { db, exclusively } = useConnection();
  const { cipher } = useVault();
  // The in-memory text index lives as long as this unlocked provider (dropped at lock); it is
  // built when search is first wanted, so opening the app pays nothing for it.
  const search = useMemo(() => new MessageSearchIndex(db, cipher), [db, cipher]);
  useEffect(() => () => search.drop(), [search]);
  const queue = useMemo(() => createQueueRepository(db, cipher, search), [db, cipher, search]);
  const calendar = useBusinessCalendar();
  const { state: settingsState } = useOrganisationSettings();
  // The booking rules follow the settings in force (the repository is stateless: made anew).
  const rules = useMemo(
    () => createBookingRules({ calendar, settings: settingsState.settings }),
    [calendar, settingsState.settings],
  );
  const booking = useMemo(
    () => createBookingRepository(db, cipher, () => rules),
    [db, cipher, rules],
  );
  const audit = useMemo(
    () =>
      createAuditRepository(
        db,
        undefined,
        auditHeadMark(cipher),
        auditReasonSealer(cipher),
        bridgeAuditAnchor,
      ),
    [db, cipher],
  );
  const profileRepository = useMemo(() => createProfileRepository(db), [db]);
  const releases = useMemo(() => createReleasesRepository(db), [db]);
  const claims = useMemo(() => createClaimsRepository(db, cipher), [db, cipher]);
  const reports = useMemo(() => ({ input: () => loadReportInput(db, cipher) }), [db, cipher]);
  const maintenance = useMemo(() => createMaintenanceRepository(db, cipher), [db, cipher]);
  const refusals = useMemo(() => createRefusalsRepository(db), [db]);
  const clock = useClock();
  const [profileState, setProfileState] = useState<{
    current: ProfileRecord;
    all: ProfileRecord[];
    roles: RoleStatus;
  } | null>(null);

  const loadProfiles = useCallback(async () => {
    const current = await profileRepository.current(clock.now().getTime(), {
      // The first profile is named in the UI's language when it is made ("カウンセラー" in a
      // Japanese UI), and then keeps that name like any other: names are written into the
      // hash-chained audit log (who acted, and profiles named in reasons), so a name worded
      // anew at display time would make the menu and the log disagree.
      name: i18n.t('profiles.firstProfileName'),
      // Before profiles, "working as" was kept in localStorage: the first profile takes it over.
      counsellorId: localStorage.getItem(LEGACY_COUNSELLOR_KEY),
    });
    localStorage.removeItem(LEGACY_COUNSELLOR_KEY);
    const [all, roles] = await Promise.all([
      profileRepository.list(),
      bridge['role.status'](undefined),
    ]);
    return { current, all, roles };
  }, [profileRepository, clock]);
  const profilesChanged = useCallback(
    async () => setProfileState(await loadProfiles()),
    [loadProfiles],
  );
  useEffect(() => {
    let cancelled = false;
    void loadProfiles().then((state) => !cancelled && setProfileState(state));
    return () => {
      cancelled = true;
    };
  }, [loadProfiles]);

  const current = profileState?.current ?? null;
  const setCounsellorId = useCallback(
    (id: string | null) => {
      if (current === null) return;
      void profileRepository
        .link(current.id, id, clock.now().getTime())
        .then(() => profilesChanged());
    },
    [current, profileRepository, clock, profilesChanged],
  );

  const switchProfile = useCallback(
    async (id: string, secret: string | null): Promise<SwitchResult> => {
      if (profileState === null) return { ok: false, reason: 'passphrase-required' };
      const from = profileState.current;
      const to = profileState.all.find((p) => p.id === id);
      if (!to) throw new Error('profile not found');
      // The main process decides and records the role; the page only asks.
      const result = await bridge['role.switch']({ profileId: to.id, role: to.role, secret });
      if (!result.ok) {
        if (result.reason === 'secret-required')
          return { ok: false, reason: 'passphrase-required' };
        // A refused attempt is audited too (the main process also counts it, on disk).
        await audit.append(
          {
            profile: from.name,
            action: 'role-change',
            object: `profile:${to.id}`,
            reason: {
              code: 'role-switch-refused',
              refusal: result.reason,
              from: from.role,
              to: to.role,
              name: to.name,
            },
          },
          clock.now().getTime(),
        );
        if (result.reason === 'no-credential') return { ok: false, reason: 'no-credential' };
        if (result.reason === 'account-ended') return { ok: false, reason: 'account-ended' };
        if (result.reason === 'locked-out')
          return { ok: false, reason: 'locked-out', retryAfterMs: result.retryAfterMs ?? 0 };
        return { ok: false, reason: 'wrong-passphrase', attemptsLeft: result.attemptsLeft };
      }
      try {
        await audit.append(
          {
            profile: from.name,
            action: 'role-change',
            object: `profile:${to.id}`,
            reason:
              from.id === to.id
                ? { code: 'role-confirmed', role: to.role, name: to.name }
                : { code: 'role-switched', from: from.role, to: to.role, name: to.name },
          },
          clock.now().getTime(),
        );
      } catch (error) {
        // A switch the log does not hold does not happen: back to the role signed in (down).
        const back = from.role === 'supervisor' ? 'counsellor' : from.role;
        await bridge['role.switch']({ profileId: from.id, role: back, secret: null });
        throw error;
      }
      await profileRepository.signIn(to.id);
      await profilesChanged();
      return { ok: true };
    },
    [profileState, audit, clock, profileRepository, profilesChanged],
  );

  useEffect(() => {
    void ensureDefaultTemplates(db, cipher, Date.now());
  }, [db, cipher]);
  const value = useMemo(
    () =>
      current === null || profileState === null
        ? null
        : {
            queue,
            booking,
            audit,
            releases,
            claims,
            reports,
            maintenance,
            refusals,
            exclusively,
            profile: current.name,
            currentProfile: current,
            profiles: profileState.all,
            profileRepository,
            profilesChanged,
            switchProfile,
            roleStatus: profileState.roles,
            rolesChanged: profilesChanged,
            supervisorProven:
              current.role === 'supervisor' &&
              profileState.roles.active.role === 'supervisor' &&
              profileState.roles.active.profileId === current.id,
            hasRiskSignal,
            search,
            counsellorId: current.counsellorId,
            setCounsellorId,
          },
    [
      search,
      queue,
      booking,
      audit,
      releases,
      claims,
      reports,
      maintenance,
      refusals,
      exclusively,
      current,
      profileState,
      profileRepository,
      profilesChanged,
      switchProfile,
      setCounsellorId,
    ],
  );
  if (value === null)
    return (
      <Center h="100vh">
        <Loader size="sm" aria-label={i18n.t('app.loading')} />
      </Center>
    );
  return <DatabaseContext.Provider value={value}>{children}</DatabaseContext.Provider>;
}

export function useWorkstationDb(): DatabaseContextValue {
  const value = useContext(DatabaseContext);
  if (value === null) throw new Error('used outside DatabaseProvider');
  return value;
}

/**
 * Imports the demo dataset the host offers, once, into an empty database. The instant the demo is
 * dated to is taken once, when the seeding starts (kept in `demo-seeding`, so that a seeding
 * interrupted by a reload is completed with the same instant), never from the ticking clock: a
 * dependency on it would restart the import at every tick. Only this load asks the host for the
 * dataset (see demo-seed.ts); the text is dropped when the import ends.
 */
export function useDemoSeed(clock: Clock) {
  const { cipher } = useVault();
  const { db } = useConnection();
  const { currentProfile } = useWorkstationDb();
  const role = currentProfile.role;
  const [startMs] = useState(() => clock.now().getTime());
  const [state, setState] = useState<{
    status: 'checking' | 'loading' | 'done' | 'failed';
    done: number;
    total: number;
  }>({ status: 'checking', done: 0, total: 0 });
  useEffect(() => {
    let cancelled = false;
    const finish = (status: 'done' | 'failed') =>
      !cancelled && setState({ status, done: 0, total: 0 });
    void (async () => {
      try {
        const [seeded, seeding, participants, counsellors, messages] = await Promise.all([
          db.meta.get(DEMO_SEEDED_KEY),
          db.meta.get(DEMO_SEEDING_KEY),
          db.participants.count(),
          db.counsellors.count(),
          db.messages.count(),
        ]);
        const wanted = demoSeedWanted({
          seeded: seeded !== undefined,
          seeding: seeding !== undefined,
          empty: participants + counsellors + messages === 0,
          role,
        });
        if (!wanted || cancelled) return finish('done');
        const { text } = await bridge['demo.dataset'](undefined);
        if (text === null || cancelled) return finish('done');
        const nowMs = seeding === undefined ? startMs : Number(seeding.value);
        if (seeding === undefined)
          await db.meta.put({ key: DEMO_SEEDING_KEY, value: String(nowMs) });
        if (!cancelled) setState({ status: 'loading', done: 0, total: 0 });
        const { validateDataset } = await import('../../domain/dataset/validate');
        const checked = validateDataset(text, {});
        if (!checked.ok) throw new Error('demo dataset rejected');
        await importCheckedDataset(db, cipher, checked, {
          nowMs,
          hasRiskSignal,
          onProgress: (p) =>
            !cancelled && setState({ status: 'loading', done: p.done, total: p.total }),
        });
        await db.transaction('rw', db.meta, async () => {
          await db.meta.put({ key: DEMO_SEEDED_KEY, value: String(nowMs) });
          await db.meta.delete(DEMO_SEEDING_KEY);
        });
        // The host then gives the dataset out no more.
        await bridge['demo.seeded'](undefined);
        finish('done');
      } catch {
        finish('failed');
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [cipher, db, role, startMs]);
  return state;
}

const DEMO_SEEDED_KEY = 'demo-seeded';
const DEMO_SEEDING_KEY = 'demo-seeding';
