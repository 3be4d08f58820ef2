import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Code,
  Fieldset,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm, type FormErrors } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconLock, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { OrganisationSettings } from '../../../domain/settings/organisation-settings';
import {
  closureSchema,
  organisationSettingsSchema,
  type SettingsState,
} from '../../../bridge/schemas/settings';
import { BridgeCallError } from '../../bridge';
import { bridgeErrorText } from '../../app/bridge-words';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { SwitchProfileDialog } from '../profiles/SwitchProfileDialog';
import { TimeField } from '../../app/TimeField';
import { DateField } from '../sessions/fields';

/** Form errors keyed like Mantine's paths (`serviceHours.open`, `closures.0.to`). */
function errorsFromIssues(issues: { path: readonly PropertyKey[]; message: string }[]): FormErrors {
  const errors: FormErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.');
    errors[key] ??= issue.message;
  }
  return errors;
}

/**
 * The field's error in the UI's language for the number rules (the same zod rules as the bridge);
 * other rules keep the schema's own sentence. The due-soon field is typed in hours.
 */
function translatedIssue(issue: z.core.$ZodIssue, t: TFunction): string {
  const hours = issue.path.join('.') === 'dueSoonServiceMinutes';
  const unit = (n: number | bigint) => (hours ? Number(n) / 60 : Number(n));
  switch (issue.code) {
    case 'too_small':
      return t(hours ? 'supervision.fieldErrors.minHours' : 'supervision.fieldErrors.min', {
        min: unit(issue.minimum),
      });
    case 'too_big':
      return t(hours ? 'supervision.fieldErrors.maxHours' : 'supervision.fieldErrors.max', {
        max: unit(issue.maximum),
      });
    case 'invalid_type':
      return issue.expected === 'int'
        ? t('supervision.fieldErrors.whole')
        : issue.expected === 'number'
          ? t('supervision.fieldErrors.number')
          : issue.message;
    default:
      return issue.message;
  }
}

function validate(values: OrganisationSettings, t: TFunction): FormErrors {
  const parsed = organisationSettingsSchema.safeParse(values);
  return parsed.success
    ? {}
    : errorsFromIssues(
        parsed.error.issues.map((issue) => ({
          path: issue.path,
          message: translatedIssue(issue, t),
        })),
      );
}

const EMPTY_CLOSURE = { from: '', to: '', label: '' };

export function OrganisationSettingsForm({
  state,
  onSave,
}: {
  state: SettingsState;
  onSave: (settings: OrganisationSettings) => Promise<SettingsState>;
}) {
  const { t } = useTranslation();
  const { audit, profile, currentProfile, supervisorProven } = useWorkstationDb();
  // The organisation's rules are a supervisor's (the main process refuses anyone else's save).
  const readOnly = !supervisorProven;
  const [confirming, setConfirming] = useState(false);
  const clock = useClock();
  const form = useForm<OrganisationSettings>({
    mode: 'controlled',
    initialValues: state.settings,
    validate: (values) => validate(values, t),
  });
  const [draftClosure, setDraftClosure] = useState(EMPTY_CLOSURE);
  const [draftErrors, setDraftErrors] = useState<FormErrors>({});
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);

  const submit = form.onSubmit(
    async (values) => {
      setSaving(true);
      setSaveError(null);
      try {
        const saved = await onSave(values);
        const changedFields = (Object.keys(values) as (keyof OrganisationSettings)[]).filter(
          (key) => JSON.stringify(values[key]) !== JSON.stringify(state.settings[key]),
        );
        await audit.append(
          {
            profile,
            action: 'settings-change',
            object: 'organisation-settings',
            reason: { code: 'settings-saved', fields: changedFields },
          },
          clock.now().getTime(),
        );
        form.setInitialValues(saved.settings);
        form.setValues(saved.settings);
        form.resetDirty(saved.settings);
        notifications.show({
          color: 'teal',
          message: t('settings.organisation.saved'),
          closeButtonProps: { 'aria-label': t('app.closeNotification') },
        });
      } catch (error) {
        if (error instanceof BridgeCallError && error.error.code === 'forbidden-role') {
          setSaveError(t('supervision.forbidden'));
        } else if (error instanceof BridgeCallError) {
          form.setErrors(errorsFromIssues(error.error.issues));
          setSaveError(bridgeErrorText(error.error, t));
        } else {
          setSaveError(error instanceof Error ? error.message : String(error));
        }
      } finally {
        setSaving(false);
      }
    },
    () => setSaveError(t('settings.organisation.invalid')),
  );

  const addClosure = () => {
    const parsed = closureSchema.safeParse(draftClosure);
    if (!parsed.success) {
      setDraftErrors(errorsFromIssues(parsed.error.issues));
      return;
    }
    setDraftErrors({});
    form.insertListItem('closures', parsed.data);
    setDraftClosure(EMPTY_CLOSURE);
  };

  const closures = form.getValues().closures;
  const dueSoonHours = form.getValues().dueSoonServiceMinutes / 60;

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="organisation-title">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <div>
            <Title order={2} size="h4" id="organisation-title">
              {t('settings.organisation.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('settings.organisation.description')}
            </Text>
            <Text size="xs" c="dimmed" mt={4}>
              {state.source === 'file' ? (
                <>
                  {t('settings.organisation.stored', { file: '' })}
                  <Code>{state.file}</Code>
                </>
              ) : (
                t('settings.organisation.defaultsInUse')
              )}
            </Text>
          </div>

          {state.problem && (
            <Alert
              color="orange"
              icon={<IconAlertTriangle aria-hidden />}
              title={t('settings.organisation.problemTitle')}
              role="alert"
            >
              {t('settings.organisation.problemBody', {
                message: state.problem.message,
                backupFile: state.problem.backupFile,
              })}
            </Alert>
          )}

          {readOnly && (
            <Alert
              color="blue"
              icon={<IconLock aria-hidden />}
              title={t('supervision.readOnlyTitle')}
              data-testid="rules-read-only"
            >
              <Stack gap="xs" align="flex-start">
                <Text size="sm">
                  {currentProfile.role === 'supervisor'
                    ? t('supervision.confirmBody')
                    : t('supervision.readOnlyBody')}
                </Text>
                {currentProfile.role === 'supervisor' && (
                  <Button size="xs" variant="default" onClick={() => setConfirming(true)}>
                    {t('supervision.confirm')}
                  </Button>
                )}
              </Stack>
            </Alert>
          )}

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

          <Fieldset legend={t('settings.organisation.closures')} variant="unstyled">
            <Stack gap="xs">
              <Text size="sm" c="dimmed">
                {t('settings.organisation.closuresDescription')}
              </Text>
              {closures.length === 0 ? (
                <Text size="sm" fs="italic">
                  {t('settings.organisation.closuresEmpty')}
                </Text>
              ) : (
                <Table striped withTableBorder data-testid="closures-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('settings.organisation.closureFrom')}</Table.Th>
                      <Table.Th>{t('settings.organisation.closureTo')}</Table.Th>
                      <Table.Th>{t('settings.organisation.closureLabel')}</Table.Th>
                      <Table.Th w={48} />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {closures.map((closure, index) => (
                      <Table.Tr key={`${closure.from}-${closure.to}-${index}`}>
                        <Table.Td>{closure.from}</Table.Td>
                        <Table.Td>{closure.to}</Table.Td>
                        <Table.Td>{closure.label}</Table.Td>
                        <Table.Td>
                          {!readOnly && (
                            <ActionIcon
                              variant="subtle"
                              color="red"
                              aria-label={t('settings.organisation.removeClosure', {
                                label: closure.label,
                              })}
                              onClick={() => form.removeListItem('closures', index)}
                            >
                              <IconTrash size={16} aria-hidden />
                            </ActionIcon>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
              {!readOnly && (
                <Group align="flex-start" gap="sm">
                  <DateField
                    label={t('settings.organisation.closureFromField')}
                    value={draftClosure.from}
                    onChange={(from) => setDraftClosure({ ...draftClosure, from })}
                    error={draftErrors.from}
                    w={190}
                  />
                  <DateField
                    label={t('settings.organisation.closureToField')}
                    value={draftClosure.to}
                    onChange={(to) => setDraftClosure({ ...draftClosure, to })}
                    error={draftErrors.to}
                    w={190}
                  />
                  <TextInput
                    label={t('settings.organisation.closureLabel')}
                    value={draftClosure.label}
                    onChange={(e) =>
                      setDraftClosure({ ...draftClosure, label: e.currentTarget.value })
                    }
                    error={draftErrors.label}
                  />
                  <Button
                    variant="default"
                    leftSection={<IconPlus size={16} aria-hidden />}
                    onClick={addClosure}
                    mt={25}
                  >
                    {t('settings.organisation.addClosure')}
                  </Button>
                </Group>
              )}
            </Stack>
          </Fieldset>

          {saveError && (
            <Alert
              color="red"
              icon={<IconAlertTriangle aria-hidden />}
              title={t('settings.organisation.saveFailed')}
              role="alert"
            >
              {saveError}
            </Alert>
          )}

          {!readOnly && (
            <Group gap="sm">
              <Button type="submit" loading={saving}>
                {t('settings.organisation.save')}
              </Button>
              <Button variant="default" disabled={!form.isDirty()} onClick={() => form.reset()}>
                {t('settings.organisation.reset')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
      <SwitchProfileDialog
        target={confirming ? currentProfile : null}
        onClose={() => setConfirming(false)}
        onSwitched={() => setConfirming(false)}
      />
    </Card>
  );
}
