/**
 * Undo send (Help Scout's and Front's model): after Send the reply waits 10 seconds, visibly and
 * with an Undo button that has the focus, before it goes to the outbox. The window runs on the
 * page's timer (real seconds), while the reply's time is the click's (the service clock), so the
 * deadline clock stops at the moment the counsellor sent it.
 *
 * Choices: leaving the thread (closing the pane, opening another) during the window sends at
 * once rather than silently dropping the reply; closing the app during it sends nothing, and the
 * text is still the stored draft.
 */
import { Button, Group, Paper, Text } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export const UNDO_SECONDS = 10;

interface Pending {
  body: string;
  sentAtMs: number;
  /** Page time (Date.now) when the window closes. */
  untilMs: number;
}

export function useUndoSend({
  deliver,
  restore,
}: {
  deliver(body: string, sentAtMs: number): void;
  restore(body: string): void;
}) {
  const [pending, setPending] = useState<Pending | null>(null);
  const [tickMs, setTickMs] = useState(0);
  const latest = useRef({ pending, deliver });
  useEffect(() => {
    latest.current = { pending, deliver };
  });

  const flush = useCallback(() => {
    const waiting = latest.current.pending;
    if (waiting === null) return;
    latest.current.pending = null;
    setPending(null);
    latest.current.deliver(waiting.body, waiting.sentAtMs);
  }, []);

  useEffect(() => {
    if (pending === null) return;
    const send = window.setTimeout(flush, Math.max(0, pending.untilMs - Date.now()));
    const tick = window.setInterval(() => setTickMs(Date.now()), 250);
    return () => {
      window.clearTimeout(send);
      window.clearInterval(tick);
    };
  }, [pending, flush]);
  // Leaving the thread during the window sends the reply now.
  useEffect(() => flush, [flush]);

  const start = (body: string, sentAtMs: number) => {
    const nowMs = Date.now();
    setTickMs(nowMs);
    setPending({ body, sentAtMs, untilMs: nowMs + UNDO_SECONDS * 1000 });
  };
  const undo = () => {
    const waiting = latest.current.pending;
    if (waiting === null) return;
    latest.current.pending = null;
    setPending(null);
    restore(waiting.body);
  };
  const secondsLeft =
    pending === null ? 0 : Math.max(1, Math.ceil((pending.untilMs - tickMs) / 1000));
  return { pending, secondsLeft, start, undo, sendNow: flush };
}

export function UndoSendBar({
  secondsLeft,
  onUndo,
  onSendNow,
}: {
  secondsLeft: number;
  onUndo(): void;
  onSendNow(): void;
}) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="xs" role="status" data-testid="undo-send">
      <Group justify="space-between" gap="xs">
        <Text size="sm">{t('thread.undoWaiting', { count: secondsLeft })}</Text>
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={onSendNow}>
            {t('thread.undoSendNow')}
          </Button>
          {/* Focused when it appears: Enter or Space undoes at once. */}
          <Button size="xs" onClick={onUndo} data-autofocus autoFocus>
            {t('thread.undoUndo')}
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}
