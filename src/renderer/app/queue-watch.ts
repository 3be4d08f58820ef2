/**
 * Watches the open threads' deadlines in the background: the overdue count for the badge on the
 * Queue link, and a desktop notification (counts only, never a name, identifier or text) when
 * threads newly become due soon or overdue.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  notificationFor,
  startDeadlineNotifier,
  stepDeadlineNotifier,
  type DeadlineNotifierState,
} from '../../domain/notifications';
import { useClock } from './clock';
import { useWorkstationDb } from './database';
import { useBusinessCalendar } from './workstation';
import { requestDesktopCommand } from './desktop';

const WATCH_EVERY_MS = 60_000;

/** `enabled` false (a profile without the queue, e.g. a CO view): reads nothing at all. */
export function useQueueWatch(enabled: boolean): { overdue: number } {
  const { queue, dataVersion } = useWorkstationDb();
  const calendar = useBusinessCalendar();
  const clock = useClock();
  const { i18n } = useTranslation();
  const [overdue, setOverdue] = useState(0);
  const notifier = useRef<DeadlineNotifierState | null>(null);

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    const check = async () => {
      const threads = await queue.openThreads();
      if (cancelled) return;
      const nowMs = clock.now().getTime();
      const current = new Map<string, string>();
      let count = 0;
      for (const thread of threads) {
        if (thread.openSinceMs === null) continue;
        const { status } = calendar.deadlineStatus({ receivedAtMs: thread.openSinceMs, nowMs });
        current.set(thread.id, status);
        if (status === 'overdue') count += 1;
      }
      setOverdue(count);
      // The first look only sets the baseline: notify about changes, not about the state at start.
      if (notifier.current === null) {
        notifier.current = startDeadlineNotifier(current);
        return;
      }
      const step = stepDeadlineNotifier(notifier.current, current, nowMs);
      notifier.current = step.state;
      const note =
        step.notify && notificationFor(step.notify, i18n.language === 'ja' ? 'ja' : 'en');
      if (note && 'Notification' in window && Notification.permission === 'granted') {
        const shown = new Notification(note.title, { body: note.body });
        // A click brings the app forward on the queue (after the unlock, if it is locked).
        shown.onclick = () => {
          window.focus();
          requestDesktopCommand('open-queue');
        };
      }
    };
    void check();
    const id = window.setInterval(() => void check(), WATCH_EVERY_MS);
    return () => {
      cancelled = true;
      window.clearInterval(id);
    };
  }, [enabled, queue, calendar, clock, dataVersion, i18n.language]);
  return { overdue: enabled ? overdue : 0 };
}
