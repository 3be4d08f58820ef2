import { Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { IconFileAlert } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { countCodePoints } from '../../../domain/dataset/text';
import { useNow } from '../../app/clock';
import { formatInstant } from '../../app/format';
import { useBusinessCalendar } from '../../app/workstation';
import type { MessageRecord } from '../../db/records';
import { DeadlineStatusBadge } from '../deadlines/DeadlineStatusBadge';
import { HighlightedText } from './HighlightedText';
import { firstShown } from './message-folding';

/** The thread's messages, oldest first, each with its deadline state or its sender. */
export function MessageList({
  messages,
  names,
}: {
  messages: MessageRecord[];
  names: ReadonlyMap<string, string>;
}) {
  const { t, i18n } = useTranslation();
  const calendar = useBusinessCalendar();
  const now = useNow();
  const [expanded, setExpanded] = useState(false);
  const from = expanded ? 0 : firstShown(messages);
  return (
    <Stack gap="xs" component="section" aria-label={t('thread.messages')}>
      {from > 0 && (
        <Button
          variant="subtle"
          size="xs"
          onClick={() => setExpanded(true)}
          data-testid="earlier-messages"
        >
          {t('thread.olderMessages', { count: from })}
        </Button>
      )}
      {messages.slice(from).map((m) => (
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
                    nowMs: now.getTime(),
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
  );
}
