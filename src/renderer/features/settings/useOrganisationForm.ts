/**
 * The organisation settings form's state and its save: checked in the page, saved through the
 * bridge (which refuses anyone but a proven supervisor), the change audited by the names of the
 * fields that changed, and the bridge's refusal shown on the fields it names.
 */
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrganisationSettings } from '../../../domain/settings/organisation-settings';
import type { SettingsState } from '../../../bridge/schemas/settings';
import { BridgeCallError } from '../../bridge';
import { bridgeErrorText } from '../../app/bridge-words';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { errorsFromIssues, validate } from './organisation-form-errors';

export function useOrganisationForm({
  state,
  onSave,
}: {
  state: SettingsState;
  onSave: (settings: OrganisationSettings) => Promise<SettingsState>;
}) {
  const { t } = useTranslation();
  const { audit, profile } = useWorkstationDb();
  const clock = useClock();
  const form = useForm<OrganisationSettings>({
    mode: 'controlled',
    initialValues: state.settings,
    validate: (values) => validate(values, t),
  });
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

  return { form, submit, saving, saveError };
}
