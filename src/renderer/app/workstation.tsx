/**
 * What every screen needs from the main process, loaded once at start: the app's info, the
 * organisation settings and the holiday list, and the business calendar built from them. Saving
 * the settings replaces the calendar here, so every deadline on every screen changes at once.
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { createBusinessCalendar, type BusinessCalendar } from '../../domain/calendar';
import type { OrganisationSettings } from '../../domain/settings/organisation-settings';
import type { AppInfo } from '../../bridge/schemas/app';
import type { HolidayDataState } from '../../bridge/schemas/calendar';
import type { SettingsState } from '../../bridge/schemas/settings';
import { bridge } from '../bridge';

export interface WorkstationData {
  info: AppInfo;
  settings: SettingsState;
  holidays: HolidayDataState;
}

export async function loadWorkstationData(): Promise<WorkstationData> {
  // Never the demo dataset: only a seeding load asks for it (useDemoSeed), so that a normal
  // page load never carries it nor keeps it in memory.
  const [info, settings, holidays] = await Promise.all([
    bridge['app.info'](undefined),
    bridge['settings.get'](undefined),
    bridge['calendar.holidays'](undefined),
  ]);
  return { info, settings, holidays };
}

interface WorkstationContextValue extends WorkstationData {
  calendar: BusinessCalendar;
  saveSettings(settings: OrganisationSettings): Promise<SettingsState>;
  /** Reads the settings again from the main process (a pull brought a supervisor's change). */
  reloadSettings(): Promise<void>;
  /** Who hears of each save (the sync loop, which records it for the other workstations). */
  savedListenerRef: { current: ((settings: OrganisationSettings) => Promise<void>) | null };
}

const WorkstationContext = createContext<WorkstationContextValue | null>(null);

export function WorkstationProvider({
  initial,
  children,
}: {
  initial: WorkstationData;
  children: ReactNode;
}) {
  const [settings, setSettings] = useState(initial.settings);
  const calendar = useMemo(
    () => createBusinessCalendar({ holidays: initial.holidays.data, settings: settings.settings }),
    [initial.holidays.data, settings.settings],
  );
  const savedListenerRef = useRef<((settings: OrganisationSettings) => Promise<void>) | null>(null);
  const saveSettings = useCallback(async (next: OrganisationSettings) => {
    const saved = await bridge['settings.update'](next);
    setSettings(saved);
    // Kept here whatever happens next; the other workstations hear of it through the outbox.
    await savedListenerRef.current?.(saved.settings);
    return saved;
  }, []);
  const reloadSettings = useCallback(async () => {
    setSettings(await bridge['settings.get'](undefined));
  }, []);
  const value = useMemo(
    () => ({
      info: initial.info,
      holidays: initial.holidays,
      settings,
      calendar,
      saveSettings,
      reloadSettings,
      savedListenerRef,
    }),
    [initial.info, initial.holidays, settings, calendar, saveSettings, reloadSettings],
  );
  return <WorkstationContext.Provider value={value}>{children}</WorkstationContext.Provider>;
}

function useWorkstation(): WorkstationContextValue {
  const value = useContext(WorkstationContext);
  if (value === null) throw new Error('used outside WorkstationProvider');
  return value;
}

export function useAppInfo(): AppInfo {
  return useWorkstation().info;
}

/** The business calendar for the settings in force (changes when they are saved). */
export function useBusinessCalendar(): BusinessCalendar {
  return useWorkstation().calendar;
}

export function useOrganisationSettings() {
  const { settings, saveSettings } = useWorkstation();
  return { state: settings, save: saveSettings };
}

/**
 * For the sync loop: `onSaved` hears of each save of the organisation's settings here (while
 * mounted), and `reload` reads them again after a pull brought a change.
 */
export function useSettingsSync(onSaved: (settings: OrganisationSettings) => Promise<void>): {
  reload(): Promise<void>;
} {
  const { savedListenerRef, reloadSettings } = useWorkstation();
  useEffect(() => {
    savedListenerRef.current = onSaved;
    return () => {
      if (savedListenerRef.current === onSaved) savedListenerRef.current = null;
    };
  }, [savedListenerRef, onSaved]);
  return useMemo(() => ({ reload: reloadSettings }), [reloadSettings]);
}

export function useHolidayList(): HolidayDataState {
  return useWorkstation().holidays;
}
