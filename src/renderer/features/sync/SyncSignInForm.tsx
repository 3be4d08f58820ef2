/**
 * Signing in to the sync server with the person's own account: the server's address, the
 * organisation, the sign-in name and the password. Each field is checked before anything is
 * sent; the main process's refusals come back on the field they are about (the address) or over
 * the form (wrong credentials, too many attempts). The password is cleared after a sign-in and
 * after a refusal over the form, and never logged.
 */
import { Alert, Button, Group, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconLogin } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BridgeCallError, bridge } from '../../bridge';
import { actionFailed } from '../../app/action';
import {
  signInFieldErrors,
  signInProblem,
  type SignInField,
  type SignInValues,
} from './sync-words';
import { putSyncStatus } from './useSyncStatus';
import { useWorkstationDb } from '../../app/database';
import { useClock } from '../../app/clock';
import { SIGNED_IN_EVENT } from '../../app/sync-loop';

export function SyncSignInForm({
  serverUrl,
  organisation,
}: {
  /** The server and organisation last signed in to, to start from. */
  serverUrl: string | null;
  organisation: string | null;
}) {
  const { t, i18n } = useTranslation();
  const { currentProfile, supervisorProven, rolesChanged, audit } = useWorkstationDb();
  const clock = useClock();
  const form = useForm<SignInValues>({
    mode: 'controlled',
    initialValues: {
      serverUrl: serverUrl ?? '',
      organisation: organisation ?? '',
      login: '',
      password: '',
    },
    validate: (values) => signInFieldErrors(values, t),
    validateInputOnBlur: false,
  });
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  const submit = form.onSubmit(
    async (values) => {
      setBusy(true);
      setFormError(null);
      try {
        const status = await bridge['sync.signIn']({
          serverUrl: values.serverUrl.trim(),
          organisation: values.organisation.trim(),
          login: values.login.trim(),
          password: values.password,
          // The profile signed in here is this person's: the main process ties it to the
          // account (a supervisor account's sign-in proves the role, as a switch would).
          profileId: currentProfile.id,
        });
        form.setFieldValue('password', '');
        putSyncStatus(status);
        // The sync loop starts at once rather than at its next look.
        window.dispatchEvent(new Event(SIGNED_IN_EVENT));
        const wasProven = supervisorProven;
        await rolesChanged();
        const roles = await bridge['role.status'](undefined);
        if (
          !wasProven &&
          roles.active.role === 'supervisor' &&
          roles.active.profileId === currentProfile.id
        )
          await audit.append(
            {
              profile: currentProfile.name,
              action: 'role-change',
              object: `profile:${currentProfile.id}`,
              reason: { code: 'role-confirmed', role: 'supervisor', name: currentProfile.name },
            },
            clock.now().getTime(),
          );
        notifications.show({
          color: 'teal',
          message: t('sync.signIn.signedIn'),
          closeButtonProps: { 'aria-label': t('app.closeNotification') },
        });
      } catch (failure) {
        // A refusal the person acts on is worded on its field or over the form; anything else is
        // an error of the app. Either way the log holds its kind only, never the address, the
        // name or the password.
        const where: { field: SignInField | null } = { field: null };
        const message = actionFailed('sync.signIn', failure, t, (error) => {
          if (!(error instanceof BridgeCallError)) return null;
          if (error.error.reason === undefined && error.error.code !== 'invalid-input') return null;
          const problem = signInProblem(error.error, t, i18n.language);
          where.field = problem.field;
          return problem.message;
        });
        if (where.field !== null) form.setFieldError(where.field, message);
        else {
          // Refused credentials (or anything else): the password is typed again.
          form.setFieldValue('password', '');
          setFormError(message);
        }
      } finally {
        setBusy(false);
      }
    },
    () => setFormError(t('sync.signIn.errors.invalid')),
  );

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-describedby={formError ? 'sync-sign-in-error' : undefined}
    >
      <Stack gap="sm" maw={520}>
        {formError !== null && (
          <Alert
            id="sync-sign-in-error"
            color="red"
            icon={<IconAlertTriangle size={16} aria-hidden />}
            role="alert"
            py="xs"
            data-testid="sync-sign-in-error"
          >
            {formError}
          </Alert>
        )}
        <TextInput
          label={t('sync.signIn.serverUrl')}
          description={t('sync.signIn.serverUrlHint')}
          placeholder="https://sync.example.org"
          autoComplete="url"
          spellCheck={false}
          withAsterisk
          {...form.getInputProps('serverUrl')}
        />
        <Group grow align="flex-start">
          <TextInput
            label={t('sync.signIn.organisation')}
            description={t('sync.signIn.organisationHint')}
            autoComplete="organization"
            autoCapitalize="none"
            spellCheck={false}
            withAsterisk
            {...form.getInputProps('organisation')}
          />
          <TextInput
            label={t('sync.signIn.login')}
            description={t('sync.signIn.loginHint')}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            withAsterisk
            {...form.getInputProps('login')}
          />
        </Group>
        <PasswordInput
          label={t('sync.signIn.password')}
          autoComplete="current-password"
          withAsterisk
          {...form.getInputProps('password')}
        />
        <Group gap="sm">
          <Button type="submit" loading={busy} leftSection={<IconLogin size={16} aria-hidden />}>
            {t('sync.signIn.submit')}
          </Button>
        </Group>
        {busy && (
          <Alert color="gray" role="status" py="xs" data-testid="sync-signing-in">
            {t('sync.signIn.busy')}
          </Alert>
        )}
      </Stack>
    </form>
  );
}
