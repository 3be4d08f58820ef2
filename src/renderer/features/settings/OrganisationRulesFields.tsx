/**
 * The organisation's rules in the settings form: service hours, the answer deadline in business
 * days, the due-soon threshold (typed in hours, stored in service minutes), the session quota and
 * its year, the buffer between sessions, the report's suppression threshold and the idle lock.
 */
import { Fieldset, NumberInput, Select, SimpleGrid } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import type { OrganisationSettings } from '../../../domain/settings/organisation-settings';
import { TimeField } from '../../app/TimeField';

export function OrganisationRulesFields({
  form,
  readOnly,
}: {
  form: UseFormReturnType<OrganisationSettings>;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const dueSoonHours = form.getValues().dueSoonServiceMinutes / 60;
  return (
    <>
      <Fieldset
        legend={t('settings.organisation.serviceHours')}
        variant="unstyled"
        disabled={readOnly}
      >
        <SimpleGrid cols={{ base: 1, xs: 2 }} maw={420}>
          <TimeField
            label={t('settings.organisation.open')}
            {...form.getInputProps('serviceHours.open')}
          />
          <TimeField
            label={t('settings.organisation.close')}
            {...form.getInputProps('serviceHours.close')}
          />
        </SimpleGrid>
      </Fieldset>

      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <NumberInput
          label={t('settings.organisation.deadlineDays')}
          description={t('settings.organisation.deadlineDaysDescription')}
          min={1}
          max={20}
          allowDecimal={false}
          clampBehavior="none"
          readOnly={readOnly}
          {...form.getInputProps('answerDeadlineBusinessDays')}
        />
        <NumberInput
          label={t('settings.organisation.dueSoon')}
          description={t('settings.organisation.dueSoonDescription')}
          min={0}
          step={0.5}
          decimalScale={2}
          clampBehavior="none"
          readOnly={readOnly}
          value={dueSoonHours}
          onChange={(value) =>
            form.setFieldValue(
              'dueSoonServiceMinutes',
              Math.round(Number(value === '' ? Number.NaN : value) * 60),
            )
          }
          error={form.errors.dueSoonServiceMinutes}
        />
        <NumberInput
          label={t('settings.organisation.quota')}
          min={1}
          max={100}
          allowDecimal={false}
          clampBehavior="none"
          readOnly={readOnly}
          {...form.getInputProps('sessionQuota.sessionsPerYear')}
        />
        <Select
          label={t('settings.organisation.quotaYear')}
          allowDeselect={false}
          readOnly={readOnly}
          data={[
            { value: 'fiscal', label: t('settings.organisation.quotaYearFiscal') },
            { value: 'jet', label: t('settings.organisation.quotaYearJet') },
            { value: 'calendar', label: t('settings.organisation.quotaYearCalendar') },
          ]}
          {...form.getInputProps('sessionQuota.quotaYear')}
        />
        <NumberInput
          label={t('settings.organisation.buffer')}
          description={t('settings.organisation.bufferDescription')}
          min={0}
          max={240}
          allowDecimal={false}
          clampBehavior="none"
          readOnly={readOnly}
          {...form.getInputProps('sessionBufferMinutes')}
        />
        <NumberInput
          label={t('settings.organisation.threshold')}
          description={t('settings.organisation.thresholdDescription')}
          min={5}
          allowDecimal={false}
          clampBehavior="none"
          readOnly={readOnly}
          {...form.getInputProps('reportSuppressionThreshold')}
        />
        <NumberInput
          label={t('settings.organisation.idleLock')}
          description={t('settings.organisation.idleLockDescription')}
          min={1}
          max={240}
          allowDecimal={false}
          clampBehavior="none"
          readOnly={readOnly}
          {...form.getInputProps('lockAfterIdleMinutes')}
        />
      </SimpleGrid>
    </>
  );
}
