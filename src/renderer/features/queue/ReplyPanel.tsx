import { Alert, Button, Group, Select, Text, Textarea } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../../app/action';
import { useClock } from '../../app/clock';
import { useData } from '../../app/data';
import { useWorkstationDb } from '../../app/database';
import { duringUninterruptibleWork } from '../../app/desktop';
import type { ThreadRecord } from '../../db/records';
import { UndoSendBar, useUndoSend } from './UndoSend';

export interface ReplyPanelHandle {
  focusReply(): void;
}

type DraftState = 'unchanged' | 'saving' | 'saved' | 'failed';

/**
 * The reply: a template to start from, the text (saved as a draft as it is typed, so it survives
 * a restart) and Send, which leaves a 10-second window to undo before the reply goes to the outbox.
 */
export const ReplyPanel = forwardRef<
  ReplyPanelHandle,
  { thread: ThreadRecord; initialDraft: string; focusOnOpen: boolean }
>(function ReplyPanel({ thread, initialDraft, focusOnOpen }, ref) {
  const { t } = useTranslation();
  const { queue, counsellorId } = useWorkstationDb();
  const clock = useClock();
  const threadId = thread.id;
  const templates = useData('thread.templates', () => queue.templates(), [queue]).data ?? [];
  const [reply, setReply] = useState(initialDraft);
  const [draftState, setDraftState] = useState<DraftState>('unchanged');
  const replyRef = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle(ref, () => ({ focusReply: () => replyRef.current?.focus() }), []);
  useEffect(() => {
    if (focusOnOpen) replyRef.current?.focus();
  }, [focusOnOpen]);

  const send = useAction(
    'thread.send-reply',
    (body: string, sentAtMs: number, authorId: string) =>
      duringUninterruptibleWork('reply-send', () =>
        queue.sendReply({ threadId, body, authorId, nowMs: sentAtMs }),
      ),
    { success: t('thread.sent_ok') },
  );
  const undo = useUndoSend({
    // The deadline clock stops at the click (sentAtMs), not at the end of the undo window.
    deliver: (body, sentAtMs) => {
      if (!counsellorId) return;
      // Not sent (nothing was written): the text comes back to the editor to try again.
      void send.run(body, sentAtMs, counsellorId).then((sent) => {
        if (sent === undefined) setReply(body);
      });
    },
    // Undone: the text goes back to the editor (and so to the stored draft).
    restore: (body) => {
      setReply(body);
      replyRef.current?.focus();
    },
  });

  // The draft is saved as it is typed (debounced). While a reply waits in the undo window the
  // editor is empty but the stored draft keeps the text: closing the app then loses nothing.
  const lastSave = useRef<Promise<void>>(Promise.resolve());
  const waiting = undo.pending !== null;
  useEffect(() => {
    if (waiting || reply === initialDraft) return;
    const timer = window.setTimeout(() => {
      setDraftState('saving');
      lastSave.current = queue
        .saveDraft(threadId, reply, clock.now().getTime())
        .then(() => setDraftState('saved'))
        // An automatic save, not an action: its failure shows beside the editor.
        .catch(() => setDraftState('failed'));
    }, 400);
    return () => window.clearTimeout(timer);
  }, [reply, waiting, initialDraft, queue, threadId, clock]);

  const startSend = async () => {
    if (!counsellorId || reply.trim() === '') return;
    const sentAtMs = clock.now().getTime();
    const body = reply;
    await lastSave.current; // a save still under way must not bring the text back after sending
    undo.start(body, sentAtMs);
    setReply('');
  };

  const offered = templates.filter(
    (tpl) =>
      tpl.language === thread.language || templates.every((x) => x.language !== thread.language),
  );
  return (
    <>
      {!counsellorId && <Alert color="yellow">{t('thread.chooseCounsellor')}</Alert>}
      <Select
        label={t('thread.template')}
        placeholder={t('thread.template')}
        data={offered.map((tpl) => ({ value: tpl.id, label: tpl.title }))}
        value={null}
        onChange={(id) => {
          const tpl = templates.find((x) => x.id === id);
          if (tpl) setReply((current) => (current ? `${current}\n\n${tpl.body}` : tpl.body));
        }}
        w={320}
      />
      <Textarea
        ref={replyRef}
        label={t('thread.reply')}
        placeholder={t('thread.replyPlaceholder')}
        value={reply}
        onChange={(e) => setReply(e.currentTarget.value)}
        autosize
        minRows={5}
        maxRows={16}
        data-testid="reply-editor"
      />
      <Group justify="space-between">
        <Button
          leftSection={<IconSend size={16} aria-hidden />}
          onClick={() => void startSend()}
          loading={send.busy}
          disabled={!counsellorId || reply.trim() === '' || waiting}
        >
          {t('thread.send')}
        </Button>
        <Text size="xs" c={draftState === 'failed' ? 'red' : 'dimmed'} data-testid="draft-state">
          {draftState === 'saving' && t('thread.draftSaving')}
          {draftState === 'saved' && t('thread.draftSaved')}
          {draftState === 'failed' && t('thread.draftFailed')}
        </Text>
      </Group>
      {undo.pending && (
        <UndoSendBar secondsLeft={undo.secondsLeft} onUndo={undo.undo} onSendNow={undo.sendNow} />
      )}
    </>
  );
});
