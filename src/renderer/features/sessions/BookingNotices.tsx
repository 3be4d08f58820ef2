/**
 * What the booking dialog says besides the form: the slot a session has now (when it is being
 * changed), and a warning when the participant already has a session that day.
 */
import { Alert, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useData } from '../../app/data';
import { useWorkstationDb } from '../../app/database';
import { formatInstant } from '../../app/format';
import { jstTime } from './words';

export function CurrentSlot({
  sessionId,
  counsellorName,
}: {
  sessionId: string;
  counsellorName(id: string): string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const { booking } = useWorkstationDb();
  const { data: session } = useData('booking.current-slot', () => booking.session(sessionId), [
    booking,
    sessionId,
  ]);
  if (session === undefined || session === null) return null;
  return (
    <Text size="sm" data-testid="current-slot">
      {t('booking.currentSlot', {
        when: formatInstant(session.startMs, i18n.language),
        counsellor: counsellorName(session.counsellorId) ?? '—',
      })}
    </Text>
  );
}

export function SameDayWarning({
  participantId,
  participantName,
  startMs,
  changeSessionId,
}: {
  participantId: string;
  participantName: string;
  startMs: number;
  changeSessionId: string | undefined;
}) {
  const { t } = useTranslation();
  const { booking } = useWorkstationDb();
  const { data: others } = useData(
    'booking.same-day',
    () => booking.sameDaySessions(participantId, startMs, changeSessionId),
    [booking, participantId, startMs, changeSessionId],
  );
  if (others === undefined || others.length === 0) return null;
  return (
    <Alert
      color="yellow"
      icon={<IconAlertTriangle aria-hidden />}
      title={t('booking.sameDayTitle')}
      data-testid="same-day-warning"
    >
      {t('booking.sameDay', {
        participant: participantName,
        count: others.length,
        times: others.map((s) => jstTime(s.startMs)).join(', '),
      })}
    </Alert>
  );
}
