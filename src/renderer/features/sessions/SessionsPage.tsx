/**
 * Session logs (#/sessions): every video session with date and time, counsellor, participant (JET
 * number masked), outcome, duration, channel, quota position and notes; filters by counsellor,
 * outcome and month, and the sessions waiting for an outcome; booking, change, cancellation and
 * outcomes, each asked before it is made; a CSV export for supervisors. The page composes panels;
 * every read is live (a booking made on another screen shows here at once).
 */
import { Alert, Button, Group, Loader, Stack, Title } from '@mantine/core';
import { IconCalendarPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatJstInstant } from '../../../domain/calendar';
import { can } from '../../../domain/privacy/roles';
import { useNow } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import type { SessionLogRow } from '../../db/repositories/session-log';
import { BookingDialog, type BookingPreset } from './BookingDialog';
import { CancelSessionDialog } from './CancelSessionDialog';
import { CorrectOutcomeDialog } from './CorrectOutcomeDialog';
import { ExportButton } from './ExportButton';
import { OutcomeDialog, type OutcomeRequest } from './OutcomeDialog';
import { SessionFilters, SessionViewControl } from './SessionFilters';
import { SessionNotesDrawer } from './SessionNotesDrawer';
import { SessionTable, type SessionAction } from './SessionTable';
import { useSessionLog, type SessionFilters as Filters } from './use-session-log';
import { keepWords } from './fields';

export { OutcomeBadge } from './OutcomeBadge';

export function SessionsPage() {
  const { t, i18n } = useTranslation();
  const { currentProfile, supervisorProven } = useWorkstationDb();
  const nowMs = useNow().getTime();
  const [filters, setFilters] = useState<Filters>({
    view: 'upcoming',
    counsellor: null,
    outcome: null,
    month: null,
  });
  const log = useSessionLog(filters, nowMs);
  const [booking, setBooking] = useState<BookingPreset | null>(null);
  const [notesFor, setNotesFor] = useState<SessionLogRow | null>(null);
  const [cancelling, setCancelling] = useState<SessionLogRow | null>(null);
  const [recording, setRecording] = useState<OutcomeRequest | null>(null);
  const [correcting, setCorrecting] = useState<SessionLogRow | null>(null);
  const mayExport = can(currentProfile.role, 'export-session-log');

  const onAction = (action: SessionAction, row: SessionLogRow) => {
    const s = row.session;
    if (action === 'notes') setNotesFor(row);
    else if (action === 'cancel') setCancelling(row);
    else if (action === 'correct') setCorrecting(row);
    else if (action === 'completed' || action === 'no-show') setRecording({ row, outcome: action });
    else
      setBooking({
        participantId: s.participantId,
        counsellorId: s.counsellorId,
        date: formatJstInstant(s.startMs).slice(0, 10),
        changeSessionId: s.id,
      });
  };

  return (
    <Stack gap="md" lang={i18n.language} style={keepWords}>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('sessions.logTitle')}
        </Title>
        <Group>
          <SessionViewControl
            view={filters.view}
            waiting={log.waiting}
            onChange={(view) => setFilters({ ...filters, view })}
          />
          <Button
            leftSection={<IconCalendarPlus size={16} aria-hidden />}
            onClick={() => setBooking({})}
          >
            {t('sessions.book')}
          </Button>
          {mayExport && <ExportButton rows={log.shown} filters={filters} />}
        </Group>
      </Group>
      <SessionFilters
        filters={filters}
        onChange={setFilters}
        counsellorOptions={log.counsellorOptions}
        months={log.months}
        shownCount={log.shown.length}
      />
      {log.error !== null ? (
        <Alert color="red" role="alert">
          {t('sessions.loadFailed')}
        </Alert>
      ) : log.rows === undefined ? (
        <Loader size="sm" aria-label={t('sessions.title')} />
      ) : log.shown.length === 0 ? (
        <Alert color="gray">{t('sessions.none')}</Alert>
      ) : (
        <SessionTable
          rows={log.shown}
          nowMs={nowMs}
          mayCorrect={supervisorProven}
          onAction={onAction}
        />
      )}
      <BookingDialog
        opened={booking !== null}
        preset={booking ?? {}}
        onClose={() => setBooking(null)}
      />
      <CancelSessionDialog row={cancelling} onClose={() => setCancelling(null)} />
      <OutcomeDialog request={recording} onClose={() => setRecording(null)} />
      <CorrectOutcomeDialog row={correcting} onClose={() => setCorrecting(null)} />
      <SessionNotesDrawer row={notesFor} onClose={() => setNotesFor(null)} />
    </Stack>
  );
}
