/**
 * Watches the open threads' deadlines in the background: the overdue count for the badge on the
 * Queue link, and a desktop notification (counts only, never a name, identifier or text) when
 * threads newly become due soon or overdue.
 */
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import {
  notificationFor,
  startDeadlineNotifier,
  stepDeadlineNotifier,
  type DeadlineNotifierState,
} from '../../domain/notifications';
import type { ThreadRecord } from '../db/records';
import { useNow } from './clock';
import { useData } from './data';
import { useWorkstationDb } from './database';
import { useBusinessCalendar } from './workstation';
import { requestDesktopCommand } from './desktop';

const WATCH_EVERY_MS = 60_000;

/** `enabled` false (a profile without the queue, e.g. a CO view): reads nothing at all. */
export function useQueueWatch(enabled: boolean): { overdue: number } {
  const { queue } = useWorkstationDb();
  const calendar = useBusinessCalendar();
  const { i18n } = useTranslation();
  const now = useNow(WATCH_EVERY_MS);
  // Live: a thread answered, imported or changed anywhere updates the count without a refresh.
  const { data: threads } = useData(
    'queue.watch',
    () => (enabled ? queue.openThreads() : Promise.resolve(NO_THREADS)),
    [queue, enabled],
  );
  const statuses = useMemo(() => {
    const current = new Map<string, string>();
    if (threads === undefined) return null;
    const nowMs = now.getTime();
    for (const thread of threads) {
      if (thread.openSinceMs === null) continue;
      current.set(
        thread.id,
        calendar.deadlineStatus({ receivedAtMs: thread.openSinceMs, nowMs }).status,
      );
    }
    return current;
  }, [threads, calendar, now]);
  const overdue = useMemo(
    () => [...(statuses?.values() ?? [])].filter((status) => status === 'overdue').length,
    [statuses],
  );

  const notifier = useRef<DeadlineNotifierState | null>(null);
  useEffect(() => {
    if (!enabled || statuses === null) return;
    // The first look only sets the baseline: notify about changes, not about the state at start.
    if (notifier.current === null) {
      notifier.current = startDeadlineNotifier(statuses);
      return;
    }
    const step = stepDeadlineNotifier(notifier.current, statuses, now.getTime());
    notifier.current = step.state;
    const note = step.notify && notificationFor(step.notify, i18n.language === 'ja' ? 'ja' : 'en');
    if (note && 'Notification' in window && Notification.permission === 'granted') {
      const shown = new Notification(note.title, { body: note.body });
      // A click brings the app forward on the queue (after the unlock, if it is locked).
      shown.onclick = () => {
        window.focus();
        requestDesktopCommand('open-queue');
      };
    }
    // Runs when the statuses change (a new look), not when only the language changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, statuses]);
  return { overdue: enabled ? overdue : 0 };
}

const NO_THREADS: ThreadRecord[] = [];
