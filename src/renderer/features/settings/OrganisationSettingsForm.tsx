/**
 * Settings → Rules: the organisation's settings (service hours, deadlines, quotas, suppression,
 * idle lock, closures), where they are stored and any problem reading them, editable by a proven
 * supervisor only (a supervisor not yet proven is asked to confirm; others read them). The fields
 * are ./OrganisationRulesFields and ./ClosuresFieldset, the state and save ./useOrganisationForm.
 */
import { Alert, Button, Card, Code, Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconLock } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrganisationSettings } from '../../../domain/settings/organisation-settings';
import type { SettingsState } from '../../../bridge/schemas/settings';
import { useWorkstationDb } from '../../app/database';
import { SwitchProfileDialog } from '../profiles/SwitchProfileDialog';
import { ClosuresFieldset } from './ClosuresFieldset';
import { OrganisationRulesFields } from './OrganisationRulesFields';
import { useOrganisationForm } from './useOrganisationForm';

export function OrganisationSettingsForm({
  state,
  onSave,
}: {
  state: SettingsState;
  onSave: (settings: OrganisationSettings) => Promise<SettingsState>;
}) {
  const { t } = useTranslation();
  const { currentProfile, supervisorProven } = useWorkstationDb();
  // The organisation's rules are a supervisor's (the main process refuses anyone else's save).
  const readOnly = !supervisorProven;
  const [confirming, setConfirming] = useState(false);
  const { form, submit, saving, saveError } = useOrganisationForm({ state, onSave });

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

          <OrganisationRulesFields form={form} readOnly={readOnly} />

          <ClosuresFieldset form={form} readOnly={readOnly} />

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
