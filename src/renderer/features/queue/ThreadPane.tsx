import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Divider,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  TagsInput,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertOctagon, IconFileAlert, IconSend, IconX } from '@tabler/icons-react';
import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { countCodePoints } from '../../../domain/dataset/text';
import { useClock, useNow } from '../../app/clock';
import { useBusinessCalendar } from '../../app/workstation';
import { DeadlineStatusBadge } from '../deadlines/DeadlineStatusBadge';
import { useWorkstationDb } from '../../app/database';
import { duringUninterruptibleWork } from '../../app/desktop';
import { formatInstant } from '../../app/format';
import type { CounsellorRecord, RiskLevel, TemplateRecord, ThreadRecord } from '../../db/records';
import type { ThreadDetail } from '../../db/repositories/queue';
import { HighlightedText } from './HighlightedText';
import { JetNumberReveal } from './JetNumberReveal';
import { QuotaLine } from '../sessions/QuotaLine';

export interface ThreadPaneHandle {
  focusReply(): void;
}

interface Props {
  threadId: string;
  counsellors: CounsellorRecord[];
  onChanged(thread: ThreadRecord): void;
  onClose(): void;
}

export const ThreadPane = forwardRef<ThreadPaneHandle, Props>(function ThreadPane(
  { threadId, counsellors, onChanged, onClose },
  ref,
) {
  const { t, i18n } = useTranslation();
  const { queue, counsellorId } = useWorkstationDb();
  const clock = useClock();
  const calendar = useBusinessCalendar();
  const liveNow = useNow();
  const [detail, setDetail] = useState<ThreadDetail | null | 'loading'>('loading');
  const [templates, setTemplates] = useState<TemplateRecord[]>([]);
  const [reply, setReply] = useState('');
  const [note, setNote] = useState('');
  const [sending, setSending] = useState(false);
  const replyRef = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle(ref, () => ({ focusReply: () => replyRef.current?.focus() }), []);

  const load = useCallback(async () => {
    const [d, draft, tpl] = await Promise.all([
      queue.threadDetail(threadId),
      queue.draft(threadId),
      queue.templates(),
    ]);
    setDetail(d);
    setReply(draft?.body ?? '');
    setTemplates(tpl);
  }, [queue, threadId]);

  useEffect(() => {
    let cancelled = false;
    void Promise.all([queue.threadDetail(threadId), queue.draft(threadId), queue.templates()]).then(
      ([d, draft, tpl]) => {
        if (cancelled) return;
        setDetail(d);
        setReply(draft?.body ?? '');
        setTemplates(tpl);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [queue, threadId]);

  // The draft is saved as it is typed (debounced), so it survives a restart. Sending cancels a
  // save still waiting, so a sent reply never comes back as a draft.
  const draftTimer = useRef<number | null>(null);
  const sendingRef = useRef(false);
  useEffect(() => {
    if (detail === 'loading' || detail === null) return;
    draftTimer.current = window.setTimeout(() => {
      draftTimer.current = null;
      if (!sendingRef.current) void queue.saveDraft(threadId, reply, clock.now().getTime());
    }, 400);
    return () => {
      if (draftTimer.current !== null) window.clearTimeout(draftTimer.current);
      draftTimer.current = null;
    };
  }, [reply, detail, queue, threadId, clock]);

  if (detail === 'loading') {
    return (
      <Group gap="xs" p="md" role="status">
        <Loader size="xs" aria-hidden />
        <Text size="sm">{t('thread.loading')}</Text>
      </Group>
    );
  }
  if (detail === null) return <Alert color="gray">{t('thread.notFound')}</Alert>;

  const { thread, participant, messages, notes } = detail;
  const names = new Map(counsellors.map((c) => [c.id, c.name]));
  const nowMs = () => clock.now().getTime();
  const apply = async (change: Promise<ThreadRecord>) => {
    const updated = await change;
    onChanged(updated);
    setDetail({ ...detail, thread: updated });
  };

  const send = async () => {
    if (!counsellorId) return;
    if (draftTimer.current !== null) window.clearTimeout(draftTimer.current);
    draftTimer.current = null;
    sendingRef.current = true;
    setSending(true);
    const body = reply;
    try {
      await duringUninterruptibleWork('reply-send', () =>
        queue.sendReply({ threadId, body, authorId: counsellorId, nowMs: nowMs() }),
      );
      setReply('');
      notifications.show({
        color: 'teal',
        message: t('thread.sent_ok'),
        closeButtonProps: { 'aria-label': t('app.closeNotification') },
      });
      const refreshed = await queue.threadDetail(threadId);
      if (refreshed) onChanged(refreshed.thread);
      await load();
    } catch {
      // Nothing was sent (the change is one transaction); the text stays in the editor.
      notifications.show({
        color: 'red',
        message: t('thread.sendFailed'),
        closeButtonProps: { 'aria-label': t('app.closeNotification') },
      });
    } finally {
      sendingRef.current = false;
      setSending(false);
    }
  };

  return (
    <Stack gap="sm" data-testid="thread-pane">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Title order={2} size="h4" style={{ overflowWrap: 'anywhere' }}>
          {detail.subject}
        </Title>
        <ActionIcon variant="subtle" color="gray" aria-label={t('thread.close')} onClick={onClose}>
          <IconX size={18} aria-hidden />
        </ActionIcon>
      </Group>

      <Paper withBorder p="xs">
        <Group gap="lg" wrap="wrap">
          <Text size="sm">
            <Text span fw={600}>
              {t('thread.participant')}:
            </Text>{' '}
            {participant?.name ?? '—'}
          </Text>
          <Group gap={4} wrap="nowrap" fz="sm">
            <Text size="sm" fw={600}>
              {t('thread.jetNumber')}:
            </Text>
            {participant?.jetNumber ? (
              <JetNumberReveal participantId={participant.id} jetNumber={participant.jetNumber} />
            ) : (
              <Text size="sm" data-testid="jet-number">
                {t('thread.jetNumberNone')}
              </Text>
            )}
          </Group>
          <Text size="sm">
            <Text span fw={600}>
              {t('thread.email')}:
            </Text>{' '}
            {participant?.email ?? '—'}
          </Text>
          <Group gap={4} wrap="nowrap">
            <Text size="sm" fw={600}>
              {t('thread.sessions')}:
            </Text>
            {participant ? <QuotaLine participantId={participant.id} /> : <Text size="sm">—</Text>}
          </Group>
        </Group>
      </Paper>

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

      <Stack gap="xs" component="section" aria-label={t('queue.listLabel')}>
        {messages.map((m) => (
          <Card
            key={m.id}
            withBorder
            padding="sm"
            bg={m.kind === 'reply' ? 'var(--mantine-color-default-hover)' : undefined}
            data-kind={m.kind}
          >
            <Group justify="space-between" gap="xs">
              <Text size="xs" c="dimmed">
                {m.kind === 'reply'
                  ? t('thread.sent', {
                      time: formatInstant(m.sentAtMs ?? 0, i18n.language),
                      author: names.get(m.authorId ?? '') ?? '—',
                    })
                  : t('thread.received', {
                      time: formatInstant(m.receivedAtMs ?? 0, i18n.language),
                    })}
              </Text>
              {m.kind === 'participant-message' && m.receivedAtMs !== null && (
                <DeadlineStatusBadge
                  status={
                    calendar.deadlineStatus({
                      receivedAtMs: m.receivedAtMs,
                      answeredAtMs: m.answeredAtMs,
                      nowMs: liveNow.getTime(),
                    }).status
                  }
                />
              )}
              {m.delivery === 'pending' && (
                <Badge size="xs" variant="outline" color="gray">
                  {t('thread.pending')}
                </Badge>
              )}
            </Group>
            {m.overLimit && (
              <Group gap={4} mt={4}>
                <IconFileAlert size={14} aria-hidden />
                <Text size="xs">{t('thread.overLimit', { count: countCodePoints(m.body) })}</Text>
              </Group>
            )}
            <Text size="sm" mt={6} className="cw-message-body">
              {m.kind === 'participant-message' ? <HighlightedText text={m.body} /> : m.body}
            </Text>
          </Card>
        ))}
      </Stack>

      <Divider label={t('thread.triage')} labelPosition="left" />
      <Group align="flex-end" gap="md" wrap="wrap">
        <Stack gap={4}>
          <Text size="sm" fw={500} id="risk-level-label">
            {t('thread.riskLevel')}
          </Text>
          <SegmentedControl
            aria-labelledby="risk-level-label"
            value={thread.risk}
            onChange={(value) =>
              void apply(
                queue.setRisk(threadId, value as RiskLevel, counsellorId ?? 'unknown', nowMs()),
              )
            }
            data={(['routine', 'elevated', 'urgent'] as const).map((level) => ({
              value: level,
              label: t(`thread.${level}`),
            }))}
          />
          {thread.riskSetAtMs !== null && (
            <Text size="xs" c="dimmed">
              {t('thread.riskSetBy', {
                who: names.get(thread.riskSetBy ?? '') ?? thread.riskSetBy ?? '—',
                time: formatInstant(thread.riskSetAtMs, i18n.language),
              })}
            </Text>
          )}
        </Stack>
        <Select
          label={t('thread.assignee')}
          placeholder={t('queue.unassigned')}
          clearable
          data={counsellors.map((c) => ({ value: c.id, label: c.name }))}
          value={thread.assigneeId}
          onChange={(value) => void apply(queue.assign(threadId, value, nowMs()))}
          w={200}
        />
        <Button
          variant="default"
          disabled={!counsellorId || thread.assigneeId === counsellorId}
          onClick={() => void apply(queue.assign(threadId, counsellorId, nowMs()))}
        >
          {t('thread.take')}
        </Button>
      </Group>
      <TagsInput
        label={t('thread.tags')}
        placeholder={t('thread.tagsPlaceholder')}
        value={thread.tags}
        onChange={(tags) => void apply(queue.setTags(threadId, tags, nowMs()))}
      />

      <Divider label={t('thread.notes')} labelPosition="left" />
      {notes.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('thread.notesNone')}
        </Text>
      ) : (
        notes.map((n) => (
          <Paper key={n.id} withBorder p="xs">
            <Text size="xs" c="dimmed">
              {names.get(n.authorId ?? '') ?? '—'} · {formatInstant(n.createdAt, i18n.language)} JST
            </Text>
            <Text size="sm" className="cw-message-body">
              {n.body}
            </Text>
          </Paper>
        ))
      )}
      <Group align="flex-end" gap="xs">
        <Textarea
          label={t('thread.newNote')}
          placeholder={t('thread.notePlaceholder')}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          autosize
          minRows={1}
          style={{ flex: 1 }}
        />
        <Button
          variant="default"
          disabled={note.trim() === ''}
          onClick={() =>
            void queue.addNote(threadId, note, counsellorId, nowMs()).then(() => {
              setNote('');
              return load();
            })
          }
        >
          {t('thread.addNote')}
        </Button>
      </Group>

      <Divider label={t('thread.reply')} labelPosition="left" />
      {!counsellorId && <Alert color="yellow">{t('thread.chooseCounsellor')}</Alert>}
      <Select
        label={t('thread.template')}
        placeholder={t('thread.template')}
        data={templates
          .filter(
            (tpl) =>
              tpl.language === thread.language ||
              templates.every((x) => x.language !== thread.language),
          )
          .map((tpl) => ({ value: tpl.id, label: tpl.title }))}
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
        data-testid="reply-editor"
      />
      <Group>
        <Button
          leftSection={<IconSend size={16} aria-hidden />}
          onClick={() => void send()}
          loading={sending}
          disabled={!counsellorId || reply.trim() === ''}
        >
          {t('thread.send')}
        </Button>
      </Group>
    </Stack>
  );
});
