/**
 * Availability (#/availability): a counsellor's weekly windows, days off and extra windows, and
 * the calendar of what is offered. The counsellor field starts on the one working (the signed-in
 * profile's counsellor). Every read is live.
 */
import { Alert, Grid, Select, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatJstInstant } from '../../../domain/calendar';
import type { Slot } from '../../../domain/booking';
import { useData } from '../../app/data';
import { useWorkstationDb } from '../../app/database';
import { BookingDialog, type BookingPreset } from '../sessions/BookingDialog';
import { AvailabilityCalendar } from './AvailabilityCalendar';
import { ExceptionsPanel } from './ExceptionsPanel';
import { RulesPanel } from './RulesPanel';
import { keepWords } from '../sessions/fields';

export function AvailabilityPage() {
  const { t, i18n } = useTranslation();
  const { booking, counsellorId: working } = useWorkstationDb();
  const [chosen, setChosen] = useState<string | null>(null);
  const counsellorId = chosen ?? working;
  const { data: counsellors } = useData('availability.counsellors', () => booking.counsellors(), [
    booking,
  ]);
  const { data: availability } = useData(
    'availability.rules',
    () => (counsellorId ? booking.availability(counsellorId) : Promise.resolve(null)),
    [booking, counsellorId],
  );
  const [dialog, setDialog] = useState<BookingPreset | null>(null);
  const counsellor = counsellors?.find((c) => c.id === counsellorId) ?? null;

  return (
    <Stack gap="md" lang={i18n.language} style={keepWords}>
      <Title order={1} size="h2">
        {t('availability.title')}
      </Title>
      {counsellors !== undefined && counsellors.length === 0 ? (
        <Alert color="gray">{t('availability.noCounsellors')}</Alert>
      ) : (
        <Select
          label={t('availability.counsellor')}
          placeholder={t('availability.chooseCounsellor')}
          description={
            counsellor !== null && counsellor.id === working
              ? t('availability.workingAs')
              : undefined
          }
          data={(counsellors ?? []).map((c) => ({ value: c.id, label: c.name }))}
          value={counsellor ? counsellorId : null}
          onChange={setChosen}
          w={320}
        />
      )}
      {counsellor && availability && (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <Stack gap="md">
              <RulesPanel counsellorId={counsellor.id} rules={availability.rules} />
              <ExceptionsPanel counsellorId={counsellor.id} exceptions={availability.exceptions} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <AvailabilityCalendar
              counsellorId={counsellor.id}
              counsellorName={counsellor.name}
              onSlot={(slot: Slot) =>
                setDialog({
                  counsellorId: slot.counsellorId,
                  date: formatJstInstant(slot.startMs).slice(0, 10),
                  startMs: slot.startMs,
                })
              }
            />
          </Grid.Col>
        </Grid>
      )}
      <BookingDialog
        opened={dialog !== null}
        preset={dialog ?? {}}
        onClose={() => setDialog(null)}
      />
    </Stack>
  );
}
