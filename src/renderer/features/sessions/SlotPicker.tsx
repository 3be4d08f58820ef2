/** The free 40-minute slots of one counsellor on one date, as a radio group of 24-hour times. */
import { Chip, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Slot } from '../../../domain/booking';
import { formatInstant } from '../../app/format';
import { jstTime } from './words';

export function SlotPicker({
  slots,
  startMs,
  onChange,
}: {
  slots: Slot[];
  startMs: number | null;
  onChange(startMs: number): void;
}) {
  const { t, i18n } = useTranslation();
  return (
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
          onChange={(v) => onChange(Number(v))}
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
                {jstTime(slot.startMs)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      )}
    </Stack>
  );
}
