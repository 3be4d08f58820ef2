import {
  Alert,
  Button,
  Chip,
  Group,
  List,
  Modal,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Slot } from '../../../domain/booking';
import { bookingProblemText } from '../../app/booking-problem-text';
import { formatJstInstant } from '../../../domain/calendar';
import { maskJetNumber } from '../../../domain/privacy/jet-number';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { formatInstant } from '../../app/format';
import type { CounsellorRecord, ParticipantRecord } from '../../db/records';
import { QuotaLine } from './QuotaLine';

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
  onBooked(): void;
}

/** Books a 40-minute session on a participant's behalf; a refusal says every reason. */
export function BookingDialog(props: DialogProps) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title={t('booking.title')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('import.close') }}
    >
      {props.opened && <BookingForm {...props} />}
    </Modal>
  );
}

function BookingForm({ preset, onClose, onBooked }: DialogProps) {
  const { t, i18n } = useTranslation();
  const { booking } = useWorkstationDb();
  const clock = useClock();
  const [participants, setParticipants] = useState<ParticipantRecord[]>([]);
  const [counsellors, setCounsellors] = useState<CounsellorRecord[]>([]);
  const [participantId, setParticipantId] = useState<string | null>(preset.participantId ?? null);
  const [counsellorId, setCounsellorId] = useState<string | null>(preset.counsellorId ?? null);
  const [date, setDate] = useState(
    () => preset.date ?? formatJstInstant(clock.now().getTime()).slice(0, 10),
  );
  const [found, setFound] = useState<{ key: string; slots: Slot[] } | null>(null);
  const [startMs, setStartMs] = useState<number | null>(preset.startMs ?? null);
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let cancelled = false;
    void Promise.all([booking.participants(), booking.counsellors()]).then(([p, c]) => {
      if (cancelled) return;
      setParticipants(p);
      setCounsellors(c);
    });
    return () => {
      cancelled = true;
    };
  }, [booking]);

  const slotsKey =
    counsellorId && /^\d{4}-\d{2}-\d{2}$/.test(date)
      ? `${counsellorId}|${participantId ?? ''}|${date}`
      : null;
  const slots = found !== null && found.key === slotsKey ? found.slots : null;

  useEffect(() => {
    if (slotsKey === null || counsellorId === null) return;
    let cancelled = false;
    void booking
      .slots({
        from: date,
        to: date,
        nowMs: clock.now().getTime(),
        counsellorIds: [counsellorId],
        ...(participantId ? { participantId } : {}),
      })
      .then((list) => !cancelled && setFound({ key: slotsKey, slots: list }))
      .catch(() => !cancelled && setFound({ key: slotsKey, slots: [] }));
    return () => {
      cancelled = true;
    };
  }, [booking, slotsKey, counsellorId, participantId, date, clock]);

  const book = async () => {
    if (!participantId || !counsellorId || startMs === null) return;
    setBusy(true);
    try {
      const nowMs = clock.now().getTime();
      const decision = preset.changeSessionId
        ? await booking.change({ sessionId: preset.changeSessionId, startMs, counsellorId, nowMs })
        : await booking.book({ participantId, counsellorId, startMs, nowMs });
      if (decision.ok) {
        notifications.show({
          color: 'teal',
          message: preset.changeSessionId ? t('booking.changed') : t('booking.booked'),
          closeButtonProps: { 'aria-label': t('app.closeNotification') },
        });
        onBooked();
        onClose();
      } else {
        setProblems(decision.problems.map((p) => bookingProblemText(p, t, i18n.language)));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="sm">
      <Select
        label={t('booking.participant')}
        searchable
        data={participants.map((p) => ({
          value: p.id,
          label: p.jetNumber ? `${p.name} (${maskJetNumber(p.jetNumber)})` : p.name,
        }))}
        value={participantId}
        onChange={setParticipantId}
      />
      {participantId && <QuotaLine participantId={participantId} />}
      <Group grow>
        <Select
          label={t('booking.counsellor')}
          data={counsellors.map((c) => ({ value: c.id, label: c.name }))}
          value={counsellorId}
          onChange={(v) => {
            setCounsellorId(v);
            setStartMs(null);
          }}
        />
        <TextInput
          type="date"
          label={t('booking.date')}
          value={date}
          onChange={(e) => {
            setDate(e.currentTarget.value);
            setStartMs(null);
          }}
        />
      </Group>
      {slots !== null && (
        <Stack gap={4}>
          <Text size="sm" fw={500} id="slots-label">
            {t('booking.slots')}
          </Text>
          {slots.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('booking.noSlots')}
            </Text>
          ) : (
            <Chip.Group
              value={startMs === null ? '' : String(startMs)}
              onChange={(v) => setStartMs(Number(v))}
            >
              <Group gap={6} role="radiogroup" aria-labelledby="slots-label">
                {slots.map((slot) => (
                  <Chip
                    key={slot.startMs}
                    value={String(slot.startMs)}
                    size="sm"
                    title={t('booking.cutoff', {
                      cutoff: formatInstant(slot.bookingCutoffMs, i18n.language),
                    })}
                  >
                    {formatJstInstant(slot.startMs).slice(11, 16)}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
          )}
        </Stack>
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
          onClick={() => void book()}
          loading={busy}
          disabled={!participantId || !counsellorId || startMs === null}
        >
          {t('booking.book')}
        </Button>
      </Group>
    </Stack>
  );
}
