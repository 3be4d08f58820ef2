/**
 * Session logs (#/sessions): every video session with date and time, counsellor, participant (JET
 * number masked), outcome, duration, channel, quota position and notes; filters by counsellor,
 * outcome and month; booking, change, cancellation and outcomes; a CSV export for supervisors.
 */
import {
  Alert,
  Button,
  Group,
  Loader,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarPlus, IconDownload, IconNotes } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BookingProblem } from '../../../domain/booking';
import { bookingProblemText } from '../../app/booking-problem-text';
import { SESSION_MINUTES, formatJstInstant } from '../../../domain/calendar';
import { SESSION_OUTCOMES } from '../../../domain/privacy/projections';
import { can } from '../../../domain/privacy/roles';
import { useClock, useNow } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { formatInstant } from '../../app/format';
import { useOrganisationSettings } from '../../app/workstation';
import { bridge, BridgeCallError } from '../../bridge';
import type { SessionOutcome, SessionRecord } from '../../db/records';
import {
  createSessionLogRepository,
  sessionLogCsv,
  type SessionLogRow,
} from '../../db/repositories/session-log';
import { BookingDialog, type BookingPreset } from './BookingDialog';
import { OutcomeBadge } from './OutcomeBadge';
import { SessionNotesDrawer } from './SessionNotesDrawer';

export { OutcomeBadge } from './OutcomeBadge';

type View = 'upcoming' | 'past' | 'all';
const NOWRAP = { whiteSpace: 'nowrap' } as const;
const jstMonth = (ms: number) => formatJstInstant(ms).slice(0, 7);

export function SessionsPage() {
  const { t, i18n } = useTranslation();
  const { db, cipher, booking, audit, profile, currentProfile, dataVersion, dataChanged } =
    useWorkstationDb();
  const { state: settingsState } = useOrganisationSettings();
  const log = useMemo(
    () => createSessionLogRepository(db, cipher, () => settingsState.settings),
    [db, cipher, settingsState.settings],
  );
  const clock = useClock();
  const now = useNow();
  const nowMs = now.getTime();
  const [view, setView] = useState<View>('upcoming');
  const [counsellor, setCounsellor] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [month, setMonth] = useState<string | null>(null);
  const [rows, setRows] = useState<SessionLogRow[] | null>(null);
  const [dialog, setDialog] = useState<BookingPreset | null>(null);
  const [notesFor, setNotesFor] = useState<SessionLogRow | null>(null);
  const mayExport = can(currentProfile.role, 'export-session-log');

  const load = useCallback(() => {
    void log.rows().then(setRows);
  }, [log]);
  useEffect(load, [load, dataVersion]);

  const all = useMemo(() => rows ?? [], [rows]);
  const counsellorOptions = useMemo(
    () =>
      [...new Map(all.map((r) => [r.session.counsellorId, r.counsellorName])).entries()]
        .sort((a, b) => a[1].localeCompare(b[1]))
        .map(([value, label]) => ({ value, label })),
    [all],
  );
  const monthOptions = useMemo(
    () =>
      [...new Set(all.map((r) => jstMonth(r.session.startMs)))]
        .sort()
        .reverse()
        .map((m) => ({ value: m, label: m })),
    [all],
  );
  const shown = useMemo(() => {
    const upcomingFrom = nowMs - SESSION_MINUTES * 60_000;
    const filtered = all.filter(
      (r) =>
        (view === 'all' ||
          (view === 'upcoming'
            ? r.session.startMs >= upcomingFrom
            : r.session.startMs < upcomingFrom)) &&
        (counsellor === null || r.session.counsellorId === counsellor) &&
        (outcome === null || r.session.outcome === outcome) &&
        (month === null || jstMonth(r.session.startMs) === month),
    );
    // Upcoming reads soonest first; the past and the whole log latest first.
    return view === 'upcoming' ? filtered.reverse() : filtered;
  }, [all, view, counsellor, outcome, month, nowMs]);

  const refused = (problems: readonly BookingProblem[]) =>
    notifications.show({
      color: 'red',
      title: t('sessions.refused'),
      message: problems.map((p) => bookingProblemText(p, t, i18n.language)).join(' '),
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

  const record = async (session: SessionRecord, result: 'completed' | 'no-show') => {
    const decision = await booking.recordOutcome({
      sessionId: session.id,
      outcome: result,
      nowMs: clock.now().getTime(),
    });
    if (!decision.ok) refused(decision.problems);
    dataChanged();
  };

  const exportCsv = async () => {
    const filters = [
      `view=${view}`,
      counsellor && 'counsellor filter',
      outcome && `outcome=${outcome}`,
      month && `month=${month}`,
    ]
      .filter(Boolean)
      .join(', ');
    try {
      // Recorded before the file is written: no export without its audit entry.
      await audit.append(
        {
          profile,
          action: 'export',
          object: `session-log:${shown.length}`,
          reason: `session log CSV (${filters}), JET numbers masked`,
        },
        clock.now().getTime(),
      );
      dataChanged();
      const stamp = formatJstInstant(clock.now().getTime()).slice(0, 10);
      const result = await bridge['export.save']({
        kind: 'csv',
        suggestedName: `session-log-${stamp}.csv`,
        text: sessionLogCsv(shown),
      });
      notifications.show({
        message: result.saved
          ? t('sessions.exported', { count: shown.length, path: result.path })
          : t('sessions.exportCancelled'),
        closeButtonProps: { 'aria-label': t('app.closeNotification') },
      });
    } catch (e) {
      notifications.show({
        color: 'red',
        title: t('sessions.exportFailed'),
        message: e instanceof BridgeCallError ? e.message : String(e),
        closeButtonProps: { 'aria-label': t('app.closeNotification') },
      });
    }
  };

  const duration = (r: SessionLogRow) => {
    const s = r.session;
    if (s.outcome === 'completed')
      return s.durationMinutes != null
        ? t('sessions.minutes', { count: s.durationMinutes })
        : t('sessions.booked', { count: SESSION_MINUTES });
    if (s.outcome === 'scheduled') return t('sessions.minutes', { count: SESSION_MINUTES });
    return '—';
  };

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('sessions.logTitle')}
        </Title>
        <Group>
          <SegmentedControl
            aria-label={t('sessions.title')}
            value={view}
            onChange={(v) => setView(v as View)}
            data={[
              { value: 'upcoming', label: t('sessions.upcoming') },
              { value: 'past', label: t('sessions.past') },
              { value: 'all', label: t('sessions.all') },
            ]}
          />
          <Button
            leftSection={<IconCalendarPlus size={16} aria-hidden />}
            onClick={() => setDialog({})}
          >
            {t('sessions.book')}
          </Button>
          {mayExport && (
            <Tooltip label={t('sessions.exportExplain')}>
              <Button
                variant="default"
                leftSection={<IconDownload size={16} aria-hidden />}
                onClick={() => void exportCsv()}
                disabled={shown.length === 0}
              >
                {t('sessions.exportCsv')}
              </Button>
            </Tooltip>
          )}
        </Group>
      </Group>
      <Group gap="sm" align="flex-end" role="group" aria-label={t('sessions.filters')}>
        <Select
          label={t('sessions.counsellor')}
          placeholder={t('sessions.allCounsellors')}
          data={counsellorOptions}
          value={counsellor}
          onChange={setCounsellor}
          clearable
          w={200}
          size="xs"
        />
        <Select
          label={t('sessions.outcome')}
          placeholder={t('sessions.allOutcomes')}
          data={SESSION_OUTCOMES.map((o) => ({ value: o, label: t(`sessions.outcomes.${o}`) }))}
          value={outcome}
          onChange={setOutcome}
          clearable
          w={180}
          size="xs"
        />
        <Select
          label={t('sessions.month')}
          placeholder={t('sessions.allMonths')}
          data={monthOptions}
          value={month}
          onChange={setMonth}
          clearable
          w={140}
          size="xs"
        />
        <Text size="sm" c="dimmed" data-testid="sessions-count">
          {t('sessions.shown', { count: shown.length })}
        </Text>
      </Group>
      {rows === null ? (
        <Loader size="sm" aria-label={t('sessions.title')} />
      ) : shown.length === 0 ? (
        <Alert color="gray">{t('sessions.none')}</Alert>
      ) : (
        <Table.ScrollContainer minWidth={1040}>
          <Table striped withTableBorder data-testid="sessions-table" verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('sessions.when')}</Table.Th>
                <Table.Th>{t('sessions.counsellor')}</Table.Th>
                <Table.Th>{t('sessions.participant')}</Table.Th>
                <Table.Th>{t('sessions.outcome')}</Table.Th>
                <Table.Th>{t('sessions.duration')}</Table.Th>
                <Table.Th>{t('sessions.channel')}</Table.Th>
                <Table.Th>{t('sessions.quota')}</Table.Th>
                <Table.Th>{t('sessions.notes')}</Table.Th>
                <Table.Th>{t('sessions.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((r) => {
                const s = r.session;
                const started = s.startMs <= nowMs;
                return (
                  <Table.Tr key={s.id} data-session-id={s.id}>
                    <Table.Td style={NOWRAP}>{formatInstant(s.startMs, i18n.language)}</Table.Td>
                    <Table.Td>{r.counsellorName}</Table.Td>
                    <Table.Td>
                      {r.participantName}
                      {r.jetNumberMasked && ' '}
                      {r.jetNumberMasked && (
                        <Text span size="xs" c="dimmed" data-testid="jet-number">
                          {r.jetNumberMasked}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td style={NOWRAP}>
                      <OutcomeBadge outcome={s.outcome as SessionOutcome} truncate={false} />
                    </Table.Td>
                    <Table.Td style={NOWRAP}>{duration(r)}</Table.Td>
                    <Table.Td>{t(`sessions.channels.${r.channel}`)}</Table.Td>
                    <Table.Td style={NOWRAP}>
                      {r.quota === null ? (
                        <Text span size="sm" c="dimmed">
                          {t('sessions.notCounted')}
                        </Text>
                      ) : (
                        <Text span size="sm" c={r.quota.overQuota ? 'red.9' : undefined}>
                          {t(r.quota.overQuota ? 'sessions.quotaOver' : 'sessions.quotaPosition', {
                            position: r.quota.position,
                            limit: r.quota.limit,
                          })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="subtle"
                        leftSection={<IconNotes size={14} aria-hidden />}
                        onClick={() => setNotesFor(r)}
                      >
                        {r.noteCount > 0
                          ? t('sessions.notesCount', { count: r.noteCount })
                          : t('sessions.notes')}
                      </Button>
                    </Table.Td>
                    <Table.Td>
                      {s.outcome === 'scheduled' && (
                        <Group gap={6} wrap="nowrap">
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
        </Table.ScrollContainer>
      )}
      <BookingDialog
        opened={dialog !== null}
        preset={dialog ?? {}}
        onClose={() => setDialog(null)}
        onBooked={dataChanged}
      />
      <SessionNotesDrawer
        row={notesFor}
        log={log}
        onClose={() => setNotesFor(null)}
        onAdded={() => {
          load();
        }}
      />
    </Stack>
  );
}
