/**
 * The session log as a live read, and the filters over it: every booking, cancellation or outcome
 * (here, in the booking dialog of another screen, or pulled in the background) shows at once.
 */
import { useMemo } from 'react';
import { SESSION_MINUTES, formatJstInstant } from '../../../domain/calendar';
import { useData } from '../../app/data';
import { useWorkstationDb } from '../../app/database';
import type { SessionLogRow } from '../../db/repositories/session-log';

export type SessionView = 'upcoming' | 'waiting' | 'past' | 'all';

export interface SessionFilters {
  view: SessionView;
  counsellor: string | null;
  outcome: string | null;
  month: string | null;
}

const jstMonth = (ms: number) => formatJstInstant(ms).slice(0, 7);

/** A session that has started and still has no outcome: completed or no-show is owed. */
export function waitsForOutcome(row: SessionLogRow, nowMs: number): boolean {
  return row.session.outcome === 'scheduled' && row.session.startMs <= nowMs;
}

function inView(row: SessionLogRow, view: SessionView, nowMs: number): boolean {
  const upcomingFrom = nowMs - SESSION_MINUTES * 60_000;
  switch (view) {
    case 'all':
      return true;
    case 'waiting':
      return waitsForOutcome(row, nowMs);
    case 'upcoming':
      return row.session.startMs >= upcomingFrom;
    case 'past':
      return row.session.startMs < upcomingFrom;
  }
}

export function useSessionLog(filters: SessionFilters, nowMs: number) {
  const { booking } = useWorkstationDb();
  const { data: rows, error } = useData('sessions.log', () => booking.log.rows(), [booking]);
  const all = useMemo(() => rows ?? [], [rows]);
  const counsellorOptions = useMemo(
    () =>
      [...new Map(all.map((r) => [r.session.counsellorId, r.counsellorName])).entries()]
        .sort((a, b) => a[1].localeCompare(b[1]))
        .map(([value, label]) => ({ value, label })),
    [all],
  );
  const months = useMemo(
    () => [...new Set(all.map((r) => jstMonth(r.session.startMs)))].sort().reverse(),
    [all],
  );
  const waiting = useMemo(() => all.filter((r) => waitsForOutcome(r, nowMs)).length, [all, nowMs]);
  const shown = useMemo(() => {
    const { view, counsellor, outcome, month } = filters;
    const filtered = all.filter(
      (r) =>
        inView(r, view, nowMs) &&
        (counsellor === null || r.session.counsellorId === counsellor) &&
        (outcome === null || r.session.outcome === outcome) &&
        (month === null || jstMonth(r.session.startMs) === month),
    );
    // Upcoming reads soonest first; the others latest first (as the log is kept).
    return view === 'upcoming' ? filtered.reverse() : filtered;
  }, [all, filters, nowMs]);
  return { rows, error, shown, counsellorOptions, months, waiting };
}
