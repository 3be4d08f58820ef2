import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarPlus } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeBookingProblem, type BookingProblem } from '../../../domain/booking';
import { SESSION_MINUTES, formatJstInstant } from '../../../domain/calendar';
import { maskJetNumber } from '../../../domain/privacy/jet-number';
import { useClock, useNow } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { formatInstant } from '../../app/format';
import type {
  CounsellorRecord,
  ParticipantRecord,
  SessionOutcome,
  SessionRecord,
} from '../../db/records';
import { BookingDialog, type BookingPreset } from './BookingDialog';

const OUTCOME_COLOURS: Record<SessionOutcome, string> = {
  scheduled: 'indigo.8',
  completed: 'teal.9',
  cancelled: 'gray.7',
  'late-cancelled': 'pink.9',
  'no-show': 'red.9',
};

export function OutcomeBadge({
  outcome,
  size = 'sm',
}: {
  outcome: SessionOutcome;
  size?: 'xs' | 'sm';
}) {
  const { t } = useTranslation();
  return (
    <Badge
      color={OUTCOME_COLOURS[outcome]}
      variant="filled"
      autoContrast
      data-outcome={outcome}
      size={size}
      style={{ maxWidth: '100%' }}
    >
      {t(`sessions.outcomes.${outcome}`)}
    </Badge>
  );
}

/** Video sessions: book, cancel (late cancellations counted), record outcomes. */
export function SessionsPage() {
  const { t, i18n } = useTranslation();
  const { booking, dataVersion, dataChanged } = useWorkstationDb();
  const clock = useClock();
  const now = useNow();
  const [view, setView] = useState<'upcoming' | 'past'>('upcoming');
  const [sessions, setSessions] = useState<SessionRecord[] | null>(null);
  const [people, setPeople] = useState<{
    p: Map<string, ParticipantRecord>;
    c: Map<string, CounsellorRecord>;
  }>({
    p: new Map(),
    c: new Map(),
  });
  const [dialog, setDialog] = useState<BookingPreset | null>(null);
  const nowMs = now.getTime();

  const load = useCallback(() => {
    const range =
      view === 'upcoming' ? { fromMs: nowMs - SESSION_MINUTES * 60_000 } : { toMs: nowMs };
    void Promise.all([booking.sessions(range), booking.participants(), booking.counsellors()]).then(
      ([s, p, c]) => {
        setSessions(view === 'past' ? [...s].reverse() : s);
        setPeople({ p: new Map(p.map((x) => [x.id, x])), c: new Map(c.map((x) => [x.id, x])) });
      },
    );
  }, [booking, view, nowMs]);
  useEffect(load, [load, dataVersion]);

  const refused = (problems: readonly BookingProblem[]) =>
    notifications.show({
      color: 'red',
      title: t('sessions.refused'),
      message: problems.map(describeBookingProblem).join(' '),
      closeButtonProps: { 'aria-label': t('app.closeNotification') },
    });

  const cancel = async (session: SessionRecord) => {
    const decision = await booking.cancel({ sessionId: session.id, nowMs: clock.now().getTime() });
    if (!decision.ok) refused(decision.problems);
    else
      notifications.show({
        message: decision.countsTowardQuota
          ? t('sessions.cancelledLate')
          : t('sessions.cancelledInTime'),
        closeButtonProps: { 'aria-label': t('app.closeNotification') },
      });
    dataChanged();
  };

  const record = async (session: SessionRecord, outcome: 'completed' | 'no-show') => {
    const decision = await booking.recordOutcome({
      sessionId: session.id,
      outcome,
      nowMs: clock.now().getTime(),
    });
    if (!decision.ok) refused(decision.problems);
    dataChanged();
  };

  const rows = useMemo(() => sessions ?? [], [sessions]);

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('sessions.title')}
        </Title>
        <Group>
          <SegmentedControl
            aria-label={t('sessions.title')}
            value={view}
            onChange={(v) => setView(v as 'upcoming' | 'past')}
            data={[
              { value: 'upcoming', label: t('sessions.upcoming') },
              { value: 'past', label: t('sessions.past') },
            ]}
          />
          <Button
            leftSection={<IconCalendarPlus size={16} aria-hidden />}
            onClick={() => setDialog({})}
          >
            {t('sessions.book')}
          </Button>
        </Group>
      </Group>
      {sessions === null ? (
        <Loader size="sm" aria-label={t('sessions.title')} />
      ) : rows.length === 0 ? (
        <Alert color="gray">{t('sessions.none')}</Alert>
      ) : (
        <Table striped withTableBorder data-testid="sessions-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('sessions.when')}</Table.Th>
              <Table.Th>{t('sessions.counsellor')}</Table.Th>
              <Table.Th>{t('sessions.participant')}</Table.Th>
              <Table.Th>{t('sessions.outcome')}</Table.Th>
              <Table.Th>{t('sessions.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((s) => {
              const participant = people.p.get(s.participantId);
              const started = s.startMs <= nowMs;
              return (
                <Table.Tr key={s.id} data-session-id={s.id}>
                  <Table.Td>{formatInstant(s.startMs, i18n.language)}</Table.Td>
                  <Table.Td>{people.c.get(s.counsellorId)?.name ?? '—'}</Table.Td>
                  <Table.Td>
                    {participant?.name ?? '—'}
                    {participant?.jetNumber && (
                      <Text span size="xs" c="dimmed">
                        {' '}
                        {maskJetNumber(participant.jetNumber)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <OutcomeBadge outcome={s.outcome} />
                  </Table.Td>
                  <Table.Td>
                    {s.outcome === 'scheduled' && (
                      <Group gap={6}>
                        {!started && (
                          <Button
                            size="xs"
                            variant="default"
                            onClick={() =>
                              setDialog({
                                participantId: s.participantId,
                                counsellorId: s.counsellorId,
                                date: formatJstInstant(s.startMs).slice(0, 10),
                                changeSessionId: s.id,
                              })
                            }
                          >
                            {t('sessions.change')}
                          </Button>
                        )}
                        {!started && (
                          <Button size="xs" variant="default" onClick={() => void cancel(s)}>
                            {t('sessions.cancel')}
                          </Button>
                        )}
                        {started && (
                          <>
                            <Button
                              size="xs"
                              variant="default"
                              onClick={() => void record(s, 'completed')}
                            >
                              {t('sessions.completed')}
                            </Button>
                            <Button
                              size="xs"
                              variant="default"
                              onClick={() => void record(s, 'no-show')}
                            >
                              {t('sessions.noShow')}
                            </Button>
                          </>
                        )}
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      <BookingDialog
        opened={dialog !== null}
        preset={dialog ?? {}}
        onClose={() => setDialog(null)}
        onBooked={dataChanged}
      />
    </Stack>
  );
}
