import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { IconAlertOctagon, IconFileAlert } from '@tabler/icons-react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatInstantNear, formatServiceTime } from '../../app/format';
import { useBusinessCalendar } from '../../app/workstation';
import { DeadlineStatusBadge } from '../deadlines/DeadlineStatusBadge';
import { overdueWords } from './row-words';
import type { QueueRow as Row } from './useQueue';

export const ROW_HEIGHT = 58;

export const QueueRowView = memo(function QueueRowView({
  row,
  subject,
  assigneeName,
  selected,
  active,
  nowMs,
  onOpen,
}: {
  row: Row;
  nowMs: number;
  subject: string | undefined;
  assigneeName: string | null;
  selected: boolean;
  active: boolean;
  onOpen: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const calendar = useBusinessCalendar();
  const { thread, status } = row;
  const due = t('deadline.due', {
    deadline: formatInstantNear(status.deadlineMs, nowMs, i18n.language),
  });
  const late =
    status.status === 'overdue' ? overdueWords(calendar, status.deadlineMs, nowMs, t) : null;
  // Nobody has assessed it and its words matched a crisis expression: it sorts right after the
  // urgent ones (domain/queue), and says why in words, not only with an icon.
  const crisisUnassessed = thread.possibleRisk && thread.risk === 'not-assessed';
  return (
    <div
      role="option"
      id={`thread-${thread.id}`}
      aria-selected={selected}
      data-active={active || undefined}
      data-thread-id={thread.id}
      className="cw-queue-row"
      onClick={() => onOpen(thread.id)}
      style={{ height: ROW_HEIGHT }}
    >
      <Group gap="xs" wrap="nowrap" justify="space-between">
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          <DeadlineStatusBadge status={status.status} style={{ flexShrink: 0 }} />
          {(thread.risk === 'urgent' || thread.risk === 'elevated') && (
            <Badge
              color={thread.risk === 'urgent' ? 'red.9' : 'orange.4'}
              variant="filled"
              autoContrast
              style={{ flexShrink: 0 }}
              size="sm"
            >
              {t(`queue.${thread.risk}`)}
            </Badge>
          )}
          {crisisUnassessed && (
            <Badge
              color="red"
              variant="outline"
              size="sm"
              style={{ flexShrink: 0 }}
              leftSection={<IconAlertOctagon size={12} aria-hidden />}
              data-testid="crisis-unassessed"
            >
              {t('queue.crisisUnassessed')}
            </Badge>
          )}
          {thread.possibleRisk && !crisisUnassessed && (
            <Tooltip label={t('queue.possibleRisk')}>
              <IconAlertOctagon
                size={16}
                aria-label={t('queue.possibleRisk')}
                color="var(--mantine-color-red-text)"
              />
            </Tooltip>
          )}
          {thread.overLimit && <IconFileAlert size={16} aria-label={t('queue.overLimit')} />}
          <Text size="sm" fw={600} truncate="end" className="cw-queue-subject">
            {subject ?? '…'}
          </Text>
        </Group>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {thread.language.toUpperCase()}
        </Text>
      </Group>
      <Group gap="xs" wrap="nowrap" justify="space-between">
        <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
          {thread.state === 'answered' && thread.lastAnswerMs !== null
            ? t('queue.answeredAt', {
                at: formatInstantNear(thread.lastAnswerMs, nowMs, i18n.language),
              })
            : status.status === 'overdue'
              ? late === null
                ? due
                : `${late} · ${due}`
              : `${t('deadline.serviceTimeLeft', { time: formatServiceTime(status.serviceMinutesLeft, t) })} · ${due}`}
        </Text>
        <Text size="xs" c="dimmed" truncate="end">
          {assigneeName ?? t('queue.unassigned')}
          {thread.tags.length > 0 && ` · ${thread.tags.join(', ')}`}
        </Text>
      </Group>
    </div>
  );
});
