/**
 * The page's database and what goes with it: the risk-signal matcher used when messages are
 * stored, and the counsellor this workstation works as. On the first start of a browser host run
 * with `--demo`, the demo dataset is imported here before the app shows.
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { WorkstationDatabase } from '../db/database';
import { importCheckedDataset } from '../db/repositories/import';
import { createQueueRepository, type QueueRepository } from '../db/repositories/queue';
import { createBookingRepository, type BookingRepository } from '../db/repositories/booking';
import { createBookingRules } from '../../domain/booking';
import { useBusinessCalendar, useOrganisationSettings } from './workstation';
import { ensureDefaultTemplates } from '../db/repositories/templates';
import { createAuditRepository, type AuditRepository } from '../db/repositories/audit';
import { hasRiskSignal } from './risk';

interface DatabaseContextValue {
  db: WorkstationDatabase;
  queue: QueueRepository;
  booking: BookingRepository;
  audit: AuditRepository;
  /** Who the audit log names for actions on this workstation (profiles arrive with roles). */
  profile: string;
  hasRiskSignal: (text: string) => boolean;
  /** The counsellor whose queue "mine" means (profiles arrive with the privacy issue). */
  counsellorId: string | null;
  setCounsellorId(id: string | null): void;
  /** Bumped after an import, so lists reload. */
  dataVersion: number;
  dataChanged(): void;
}

const DatabaseContext = createContext<DatabaseContextValue | null>(null);
const COUNSELLOR_KEY = 'cw.counsellor';

let sharedDb: WorkstationDatabase | null = null;
function database(): WorkstationDatabase {
  sharedDb ??= new WorkstationDatabase();
  return sharedDb;
}

export function DatabaseProvider({ children }: { children: ReactNode }) {
  const db = database();
  const queue = useMemo(() => createQueueRepository(db, hasRiskSignal), [db]);
  const calendar = useBusinessCalendar();
  const { state: settingsState } = useOrganisationSettings();
  // The booking rules follow the settings in force (the repository is stateless: made anew).
  const rules = useMemo(
    () => createBookingRules({ calendar, settings: settingsState.settings }),
    [calendar, settingsState.settings],
  );
  const booking = useMemo(() => createBookingRepository(db, () => rules), [db, rules]);
  const audit = useMemo(() => createAuditRepository(db), [db]);
  const [counsellorId, setCounsellorState] = useState<string | null>(() =>
    localStorage.getItem(COUNSELLOR_KEY),
  );
  const [dataVersion, setDataVersion] = useState(0);
  const setCounsellorId = useCallback((id: string | null) => {
    if (id === null) localStorage.removeItem(COUNSELLOR_KEY);
    else localStorage.setItem(COUNSELLOR_KEY, id);
    setCounsellorState(id);
  }, []);
  const dataChanged = useCallback(() => setDataVersion((v) => v + 1), []);
  useEffect(() => {
    void ensureDefaultTemplates(db, Date.now());
  }, [db]);
  const value = useMemo(
    () => ({
      db,
      queue,
      booking,
      audit,
      profile: counsellorId ?? 'workstation',
      hasRiskSignal,
      counsellorId,
      setCounsellorId,
      dataVersion,
      dataChanged,
    }),
    [db, queue, booking, audit, counsellorId, setCounsellorId, dataVersion, dataChanged],
  );
  return <DatabaseContext.Provider value={value}>{children}</DatabaseContext.Provider>;
}

export function useWorkstationDb(): DatabaseContextValue {
  const value = useContext(DatabaseContext);
  if (value === null) throw new Error('used outside DatabaseProvider');
  return value;
}

/** Imports the demo dataset the host offers, once, into an empty database. */
export function useDemoSeed(demoText: string | null, nowMs: number) {
  const [state, setState] = useState<{
    status: 'idle' | 'loading' | 'done' | 'failed';
    done: number;
    total: number;
  }>({ status: demoText ? 'loading' : 'done', done: 0, total: 0 });
  useEffect(() => {
    if (!demoText) return;
    let cancelled = false;
    void (async () => {
      try {
        const db = database();
        const seeded = await db.meta.get('demo-seeded');
        // Only the flag says the demo is fully in: an interrupted first start is completed here
        // (the import is idempotent and rebuilds the threads of messages already stored).
        if (seeded) {
          if (!cancelled) setState({ status: 'done', done: 0, total: 0 });
          return;
        }
        const { validateDataset } = await import('../../domain/dataset/validate');
        const checked = validateDataset(demoText, {});
        if (!checked.ok) throw new Error('demo dataset rejected');
        await importCheckedDataset(db, checked, {
          nowMs,
          hasRiskSignal,
          onProgress: (p) =>
            !cancelled && setState({ status: 'loading', done: p.done, total: p.total }),
        });
        await db.meta.put({ key: 'demo-seeded', value: String(nowMs) });
        if (!cancelled) setState({ status: 'done', done: 0, total: 0 });
      } catch {
        if (!cancelled) setState({ status: 'failed', done: 0, total: 0 });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [demoText, nowMs]);
  return state;
}
