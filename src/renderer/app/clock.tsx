/**
 * The one clock of the page: every "now" in the UI comes from here, so that a demo or a test can
 * pin it (the host's `--now`). Components that show live times re-render on a tick.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

export interface Clock {
  /** The current instant. */
  now(): Date;
  /** True when the clock is pinned to a fixed instant. */
  pinned: boolean;
}

const ClockContext = createContext<Clock>({ now: () => new Date(), pinned: false });

export function ClockProvider({
  pinnedNow,
  children,
}: {
  pinnedNow: string | null;
  children: ReactNode;
}) {
  const clock = useMemo<Clock>(() => {
    if (pinnedNow === null) return { now: () => new Date(), pinned: false };
    const fixed = Date.parse(pinnedNow);
    return { now: () => new Date(fixed), pinned: true };
  }, [pinnedNow]);
  return <ClockContext.Provider value={clock}>{children}</ClockContext.Provider>;
}

export function useClock(): Clock {
  return useContext(ClockContext);
}

/** The current instant, refreshed every `intervalMs` (default 30 s) while the component is shown. */
export function useNow(intervalMs = 30_000): Date {
  const clock = useClock();
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    if (clock.pinned) return undefined;
    const id = window.setInterval(() => setNow(clock.now()), intervalMs);
    return () => window.clearInterval(id);
  }, [clock, intervalMs]);
  return now;
}
