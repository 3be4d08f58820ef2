import { ActionIcon, Alert, Divider, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconAlertOctagon, IconX } from '@tabler/icons-react';
import { forwardRef, useImperativeHandle, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useData } from '../../app/data';
import { useWorkstationDb } from '../../app/database';
import type { CounsellorRecord } from '../../db/records';
import { MessageList } from './MessageList';
import { NotesPanel } from './NotesPanel';
import { ParticipantHistory } from './ParticipantHistory';
import { ParticipantPanel } from './ParticipantPanel';
import { ReplyPanel, type ReplyPanelHandle } from './ReplyPanel';
import { TriagePanel } from './TriagePanel';

export interface ThreadPaneHandle {
  focusReply(): void;
}

interface Props {
  threadId: string;
  counsellors: CounsellorRecord[];
  /** The reply box takes the focus once the thread is shown (the `r` key from the list). */
  focusReplyOnOpen: boolean;
  onClose(): void;
}

/**
 * The open thread: who wrote, the messages, triage, notes and the reply. It reads the thread live
 * (useData), so a change made from the list or anywhere else shows here without opening it again.
 */
export const ThreadPane = forwardRef<ThreadPaneHandle, Props>(function ThreadPane(
  { threadId, counsellors, focusReplyOnOpen, onClose },
  ref,
) {
  const { t } = useTranslation();
  const { queue } = useWorkstationDb();
  const detail = useData('thread.detail', () => queue.threadDetail(threadId), [queue, threadId]);
  // The stored draft is read once, when the thread opens: later the editor is its source.
  const draft = useData('thread.draft', () => queue.draft(threadId), [queue, threadId]);
  const initialDraft = useFirstValue(draft.isLoading ? undefined : (draft.data?.body ?? ''));
  const replyRef = useRef<ReplyPanelHandle>(null);
  useImperativeHandle(ref, () => ({ focusReply: () => replyRef.current?.focusReply() }), []);
  const names = useMemo(() => new Map(counsellors.map((c) => [c.id, c.name])), [counsellors]);

  if (detail.isLoading) {
    return (
      <Group gap="xs" p="md" role="status">
        <Loader size="xs" aria-hidden />
        <Text size="sm">{t('thread.loading')}</Text>
      </Group>
    );
  }
  if (detail.error) return <Alert color="red">{t('thread.loadFailed')}</Alert>;
  if (!detail.data) return <Alert color="gray">{t('thread.notFound')}</Alert>;
  const { thread, participant, messages, notes, subject } = detail.data;

  return (
    <Stack gap="sm" data-testid="thread-pane">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Title order={2} size="h4" style={{ overflowWrap: 'anywhere' }}>
          {subject}
        </Title>
        <ActionIcon variant="subtle" color="gray" aria-label={t('thread.close')} onClick={onClose}>
          <IconX size={18} aria-hidden />
        </ActionIcon>
      </Group>
      <ParticipantPanel participant={participant} />
      {thread.possibleRisk && (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertOctagon aria-hidden />}
          data-testid="risk-signal"
        >
          {t('thread.riskSignal')}
        </Alert>
      )}
      <MessageList messages={messages} names={names} />
      <Divider label={t('history.title')} labelPosition="left" />
      <ParticipantHistory participantId={thread.participantId} threadId={thread.id} names={names} />
      <Divider label={t('thread.triage')} labelPosition="left" />
      <TriagePanel thread={thread} counsellors={counsellors} names={names} />
      <Divider label={t('thread.notes')} labelPosition="left" />
      <NotesPanel threadId={threadId} notes={notes} names={names} />
      <Divider label={t('thread.reply')} labelPosition="left" />
      {initialDraft === undefined ? (
        <Loader size="xs" aria-hidden />
      ) : (
        <ReplyPanel
          ref={replyRef}
          thread={thread}
          initialDraft={initialDraft}
          focusOnOpen={focusReplyOnOpen}
        />
      )}
    </Stack>
  );
});

/** The first defined value a live read gave (its later changes, e.g. the draft saved, ignored). */
function useFirstValue<T>(value: T | undefined): T | undefined {
  const [first, setFirst] = useState<{ value: T } | null>(null);
  if (first === null && value !== undefined) setFirst({ value });
  return first === null ? value : first.value;
}
