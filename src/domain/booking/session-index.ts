/**
 * Booked sessions indexed by counsellor and by participant, for overlap checks in O(log n).
 * Scheduled, completed and no-show sessions keep their time; cancelled and late-cancelled ones
 * free it (a late cancellation still counts toward the quota, see ./quota).
 */
import type { Session, SessionOutcome } from './types';

const OCCUPYING: ReadonlySet<SessionOutcome> = new Set<SessionOutcome>([
  'scheduled',
  'completed',
  'no-show',
]);

/** Whether a session with this outcome still takes its counsellor's and participant's time. */
export function occupiesTime(outcome: SessionOutcome): boolean {
  return OCCUPYING.has(outcome);
}

export interface SessionIndex {
  /**
   * A session of the counsellor (or participant) `id` whose span [start, start + spanMs) overlaps
   * [startMs, startMs + spanMs), other than `exceptId`; null when none does.
   */
  clashOf(
    key: 'counsellor' | 'participant',
    id: string,
    startMs: number,
    spanMs: number,
    exceptId?: string,
  ): Session | null;
}

function byStart(sessions: Session[]): Session[] {
  return sessions.sort((a, b) => a.startMs - b.startMs);
}

export function indexSessions(sessions: readonly Session[]): SessionIndex {
  const byCounsellor = new Map<string, Session[]>();
  const byParticipant = new Map<string, Session[]>();
  for (const session of sessions) {
    if (!occupiesTime(session.outcome)) continue;
    for (const [map, key] of [
      [byCounsellor, session.counsellorId],
      [byParticipant, session.participantId],
    ] as const) {
      const list = map.get(key);
      if (list === undefined) map.set(key, [session]);
      else list.push(session);
    }
  }
  for (const list of byCounsellor.values()) byStart(list);
  for (const list of byParticipant.values()) byStart(list);

  return {
    clashOf(key, id, startMs, spanMs, exceptId) {
      const list = (key === 'counsellor' ? byCounsellor : byParticipant).get(id);
      if (list === undefined) return null;
      // Two spans of the same length overlap when their starts are less than spanMs apart.
      let low = 0;
      let high = list.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (list[mid]!.startMs <= startMs - spanMs) low = mid + 1;
        else high = mid;
      }
      for (let i = low; i < list.length && list[i]!.startMs < startMs + spanMs; i += 1) {
        if (list[i]!.id !== exceptId) return list[i]!;
      }
      return null;
    },
  };
}
