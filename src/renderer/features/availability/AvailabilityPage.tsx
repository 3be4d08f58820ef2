import { Alert, Grid, Select, Stack, Title } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatJstInstant } from '../../../domain/calendar';
import type { Slot } from '../../../domain/booking';
import { useWorkstationDb } from '../../app/database';
import type {
  AvailabilityExceptionRecord,
  AvailabilityRuleRecord,
  CounsellorRecord,
} from '../../db/records';
import { BookingDialog, type BookingPreset } from '../sessions/BookingDialog';
import { AvailabilityCalendar } from './AvailabilityCalendar';
import { AvailabilityEditor } from './AvailabilityEditor';

const COUNSELLOR_KEY = 'cw.availability-counsellor';

export function AvailabilityPage() {
  const { t } = useTranslation();
  const { booking, dataVersion, dataChanged } = useWorkstationDb();
  const [counsellors, setCounsellors] = useState<CounsellorRecord[] | null>(null);
  const [counsellorId, setCounsellorId] = useState<string | null>(() =>
    localStorage.getItem(COUNSELLOR_KEY),
  );
  const [availability, setAvailability] = useState<{
    rules: AvailabilityRuleRecord[];
    exceptions: AvailabilityExceptionRecord[];
  }>({
    rules: [],
    exceptions: [],
  });
  const [version, setVersion] = useState(0);
  const [dialog, setDialog] = useState<BookingPreset | null>(null);

  useEffect(() => {
    void booking.counsellors().then(setCounsellors);
  }, [booking, dataVersion]);
  useEffect(() => {
    if (!counsellorId) return;
    void booking.availability(counsellorId).then(setAvailability);
  }, [booking, counsellorId, version, dataVersion]);

  const changed = useCallback(() => setVersion((v) => v + 1), []);
  const choose = (id: string | null) => {
    if (id) localStorage.setItem(COUNSELLOR_KEY, id);
    setCounsellorId(id);
  };
  const counsellor = counsellors?.find((c) => c.id === counsellorId) ?? null;

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('availability.title')}
      </Title>
      {counsellors !== null && counsellors.length === 0 ? (
        <Alert color="gray">{t('availability.noCounsellors')}</Alert>
      ) : (
        <Select
          label={t('availability.counsellor')}
          placeholder={t('availability.chooseCounsellor')}
          data={(counsellors ?? []).map((c) => ({ value: c.id, label: c.name }))}
          value={counsellor ? counsellorId : null}
          onChange={choose}
          w={280}
        />
      )}
      {counsellor && (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <AvailabilityEditor
              counsellorId={counsellor.id}
              rules={availability.rules}
              exceptions={availability.exceptions}
              onChanged={changed}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <AvailabilityCalendar
              counsellorId={counsellor.id}
              counsellorName={counsellor.name}
              refreshKey={version}
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
        onBooked={() => {
          changed();
          dataChanged();
        }}
      />
    </Stack>
  );
}
