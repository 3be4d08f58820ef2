import { Anchor, Button, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNow } from '../../app/clock';
import { useData } from '../../app/data';
import { useWorkstationDb } from '../../app/database';
import { formatInstantNear } from '../../app/format';
import { routeHref } from '../../app/routes';
import { useBusinessCalendar } from '../../app/workstation';
import type { ThreadRecord } from '../../db/records';
import { DeadlineStatusBadge } from '../deadlines/DeadlineStatusBadge';
import { threadStatus } from './useQueue';

/** How many of each list show before "Show all". */
const FIRST = 3;

/**
 * What the participant brought before: their other threads (open or answered, with how they were
 * answered) and their video sessions (when, with whom, what became of them), both read live, so a
 * counsellor reads the history before answering. The quota is ParticipantPanel's.
 */
export function ParticipantHistory({
  participantId,
  threadId,
  names,
}: {
  participantId: string;
  threadId: string;
  names: ReadonlyMap<string, string>;
}) {
  const { t, i18n } = useTranslation();
  const { queue, booking } = useWorkstationDb();
  const calendar = useBusinessCalendar();
  const nowMs = useNow().getTime();
  const [all, setAll] = useState(false);
  const threads = useData(
    'thread.participant-threads',
    () => queue.participantThreads(participantId, threadId),
    [queue, participantId, threadId],
  );
  const sessions = useData(
    'thread.participant-sessions',
    () => booking.sessions({ participantId }),
    [booking, participantId],
  );
  if (threads.error || sessions.error) {
    return (
      <Text size="sm" c="red" role="alert">
        {t('history.loadFailed')}
      </Text>
    );
  }
  if (threads.data === undefined || sessions.data === undefined) {
    return (
      <Group gap="xs" role="status">
        <Loader size="xs" aria-hidden />
        <Text size="sm">{t('history.loading')}</Text>
      </Group>
    );
  }
  const others = threads.data;
  // Latest first, as the threads.
  const held = [...sessions.data].reverse();
  if (others.length === 0 && held.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="participant-history">
        {t('history.none')}
      </Text>
    );
  }
  const statusOf = (thread: ThreadRecord) => threadStatus(calendar, thread, nowMs).status;
  const when = (ms: number) => formatInstantNear(ms, nowMs, i18n.language);
  const more = others.length > FIRST || held.length > FIRST;
  return (
    <Paper withBorder p="xs" data-testid="participant-history">
      <Stack gap={6}>
        <Text size="sm" fw={600}>
          {t('history.threads', { count: others.length })}
        </Text>
        {others.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('history.threadsNone')}
          </Text>
        ) : (
          <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
            {(all ? others : others.slice(0, FIRST)).map(({ thread, subject }) => (
              <Group key={thread.id} component="li" gap="xs" wrap="nowrap">
                <DeadlineStatusBadge status={statusOf(thread)} style={{ flexShrink: 0 }} />
                <Anchor
                  size="sm"
                  truncate="end"
                  href={routeHref('queue') + `/${encodeURIComponent(thread.id)}`}
                >
                  {subject}
                </Anchor>
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  {t('history.received', { time: when(thread.lastReceivedMs) })}
                </Text>
              </Group>
            ))}
          </Stack>
        )}
        <Text size="sm" fw={600}>
          {t('history.sessions', { count: held.length })}
        </Text>
        {held.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('history.sessionsNone')}
          </Text>
        ) : (
          <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
            {(all ? held : held.slice(0, FIRST)).map((session) => (
              <Text key={session.id} component="li" size="sm">
                {t('history.session', {
                  time: when(session.startMs),
                  counsellor: names.get(session.counsellorId) ?? t('history.someone'),
                  outcome: t(`sessions.outcomes.${session.outcome}`),
                })}
              </Text>
            ))}
          </Stack>
        )}
        {more && (
          <Button
            size="compact-xs"
            variant="subtle"
            style={{ alignSelf: 'flex-start' }}
            aria-expanded={all}
            onClick={() => setAll((a) => !a)}
          >
            {all ? t('history.showFewer') : t('history.showAll')}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}
