/**
 * Books a 40-minute session on a participant's behalf, or moves one (Change): a refusal says
 * every reason in the page's language, naming people, never ids. Participants, counsellors, free
 * slots and the quota are live reads: what another screen books meanwhile shows here at once.
 */
import { Alert, Button, Group, List, Modal, Select, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatJstInstant } from '../../../domain/calendar';
import { maskJetNumber } from '../../../domain/privacy/jet-number';
import { useAction } from '../../app/action';
import { useClock, useNow } from '../../app/clock';
import { useData } from '../../app/data';
import { useWorkstationDb } from '../../app/database';
import { CurrentSlot, SameDayWarning } from './BookingNotices';
import { DateField, isDate, keepWords } from './fields';
import { QuotaLine } from './QuotaLine';
import { SlotPicker } from './SlotPicker';
import { describeProblem } from './words';

export interface BookingPreset {
  counsellorId?: string | null;
  participantId?: string | null;
  date?: string;
  startMs?: number;
  /** Set to move this session (same participant) to the chosen slot instead of booking anew. */
  changeSessionId?: string;
}

interface DialogProps {
  opened: boolean;
  preset: BookingPreset;
  onClose(): void;
}

export function BookingDialog(props: DialogProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={props.preset.changeSessionId ? t('booking.changeTitle') : t('booking.title')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('import.close') }}
    >
      {props.opened && <BookingForm {...props} />}
    </Modal>
  );
}

function usePeople() {
  const { booking } = useWorkstationDb();
  const { data } = useData(
    'booking.people',
    async () => {
      const [participants, counsellors] = await Promise.all([
        booking.participants(),
        booking.counsellors(),
      ]);
      return { participants, counsellors };
    },
    [booking],
  );
  return useMemo(() => {
    const participants = data?.participants ?? [];
    const counsellors = data?.counsellors ?? [];
    const participantNames = new Map(participants.map((p) => [p.id, p.name]));
    const counsellorNames = new Map(counsellors.map((c) => [c.id, c.name]));
    return {
      participants,
      counsellors,
      names: {
        participant: (id: string) => participantNames.get(id),
        counsellor: (id: string) => counsellorNames.get(id),
      },
    };
  }, [data]);
}

function BookingForm({ preset, onClose }: DialogProps) {
  const { t, i18n } = useTranslation();
  const { booking, counsellorId: working } = useWorkstationDb();
  const clock = useClock();
  const nowMs = useNow().getTime();
  const people = usePeople();
  const [participantId, setParticipantId] = useState<string | null>(preset.participantId ?? null);
  // The counsellor field defaults to the one working (the signed-in profile's counsellor).
  const [counsellorId, setCounsellorId] = useState<string | null>(
    preset.counsellorId ?? working ?? null,
  );
  const [date, setDate] = useState(
    () => preset.date ?? formatJstInstant(clock.now().getTime()).slice(0, 10),
  );
  const [startMs, setStartMs] = useState<number | null>(preset.startMs ?? null);
  const [problems, setProblems] = useState<string[]>([]);
  const changeSessionId = preset.changeSessionId;

  const slotsWanted = counsellorId !== null && isDate(date);
  const { data: slots } = useData(
    'booking.slots',
    async () =>
      slotsWanted
        ? booking.slots({
            from: date,
            to: date,
            nowMs,
            counsellorIds: [counsellorId],
            ...(participantId ? { participantId } : {}),
          })
        : null,
    [booking, slotsWanted, counsellorId, participantId, date, nowMs],
  );

  const book = useAction(
    changeSessionId ? 'session.change' : 'session.book',
    useCallback(async () => {
      if (!participantId || !counsellorId || startMs === null) return null;
      const at = clock.now().getTime();
      return changeSessionId
        ? booking.change({ sessionId: changeSessionId, startMs, counsellorId, nowMs: at })
        : booking.book({ participantId, counsellorId, startMs, nowMs: at });
    }, [booking, clock, participantId, counsellorId, startMs, changeSessionId]),
  );
  const submit = async () => {
    const decision = await book.run();
    if (decision === undefined || decision === null) return;
    if (!decision.ok) {
      setProblems(decision.problems.map((p) => describeProblem(p, t, i18n.language, people.names)));
      return;
    }
    notifications.show({
      color: 'teal',
      message: changeSessionId ? t('booking.changed') : t('booking.booked'),
      closeButtonProps: { 'aria-label': t('app.closeNotification') },
    });
    onClose();
  };

  return (
    <Stack gap="sm" lang={i18n.language} style={keepWords}>
      {changeSessionId && (
        <CurrentSlot sessionId={changeSessionId} counsellorName={people.names.counsellor} />
      )}
      <Select
        label={t('booking.participant')}
        searchable
        data={people.participants.map((p) => ({
          value: p.id,
          label: p.jetNumber ? `${p.name} (${maskJetNumber(p.jetNumber)})` : p.name,
        }))}
        value={participantId}
        onChange={setParticipantId}
        disabled={changeSessionId !== undefined}
      />
      {participantId && <QuotaLine participantId={participantId} />}
      <Group grow align="flex-start">
        <Select
          label={t('booking.counsellor')}
          data={people.counsellors.map((c) => ({ value: c.id, label: c.name }))}
          value={counsellorId}
          onChange={(v) => {
            setCounsellorId(v);
            setStartMs(null);
          }}
        />
        <DateField
          label={t('booking.date')}
          value={date}
          onChange={(v) => {
            setDate(v);
            setStartMs(null);
          }}
        />
      </Group>
      {slots != null && <SlotPicker slots={slots} startMs={startMs} onChange={setStartMs} />}
      {participantId && startMs !== null && (
        <SameDayWarning
          participantId={participantId}
          participantName={people.names.participant(participantId) ?? ''}
          startMs={startMs}
          changeSessionId={changeSessionId}
        />
      )}
      {problems.length > 0 && (
        <Alert color="red" title={t('booking.refused')} role="alert" data-testid="booking-refused">
          <List size="sm">
            {problems.map((p) => (
              <List.Item key={p}>{p}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('import.close')}
        </Button>
        <Button
          onClick={() => void submit()}
          loading={book.busy}
          disabled={!participantId || !counsellorId || startMs === null}
        >
          {changeSessionId ? t('booking.move') : t('booking.book')}
        </Button>
      </Group>
    </Stack>
  );
}
