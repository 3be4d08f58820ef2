/**
 * Sets a supervisor profile's own credential (issue 13 item 5): typed twice, at least the rule of
 * the workstation passphrase, never the workstation passphrase itself. The main process keeps only
 * a scrypt verifier and allows this to a proven supervisor, or, for the very first supervisor of
 * the workstation, with the workstation passphrase.
 */
import { Alert, Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { passphraseProblem } from '../../../domain/privacy/passphrase';
import { useAction } from '../../app/action';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { BridgeCallError, bridge } from '../../bridge';
import type { ProfileRecord } from '../../db/records';

export function CredentialDialog({
  target,
  onClose,
}: {
  target: ProfileRecord | null;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const clock = useClock();
  const { roleStatus, supervisorProven, rolesChanged, audit, currentProfile } = useWorkstationDb();
  const [credential, setCredential] = useState('');
  const [repeat, setRepeat] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const bootstrap = roleStatus.bootstrap && !supervisorProven;
  const save = useAction(
    'profile.set-credential',
    async (profile: ProfileRecord) => {
      const result = await bridge['credential.set']({
        profileId: profile.id,
        credential,
        passphrase: bootstrap ? passphrase : null,
      });
      // A wrong passphrase is a refusal the person acts on, not a failure: said below.
      if (!result.ok) return result;
      await audit.append(
        {
          profile: currentProfile.name,
          action: 'role-change',
          object: `profile:${profile.id}`,
          reason: { code: 'credential-set', name: profile.name },
        },
        clock.now().getTime(),
      );
      await rolesChanged();
      return result;
    },
    {
      notify: false,
      describe: (e) =>
        e instanceof BridgeCallError && e.error.code === 'forbidden-role'
          ? t('supervision.notAllowed')
          : null,
    },
  );
  const shownError = error ?? save.error;

  const close = () => {
    setCredential('');
    setRepeat('');
    setPassphrase('');
    setError(null);
    save.reset();
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (target === null || save.busy) return;
    setError(null);
    save.reset();
    if (credential === '') return setError(t('supervision.credentialRequired'));
    if (passphraseProblem(credential) !== null) return setError(t('supervision.tooWeak'));
    if (credential !== repeat) return setError(t('supervision.mismatch'));
    if (bootstrap && passphrase === '') return setError(t('profiles.passphraseRequired'));
    if (bootstrap && credential.normalize('NFC') === passphrase.normalize('NFC'))
      return setError(t('supervision.sameAsPassphrase'));
    const result = await save.run(target);
    if (result === undefined) return;
    if (!result.ok)
      return setError(
        result.reason === 'locked-out'
          ? t('profiles.lockedOut', { seconds: Math.ceil((result.retryAfterMs ?? 0) / 1000) })
          : t('supervision.wrongPassphrase'),
      );
    notifications.show({
      message: t('supervision.credentialSet', { name: target.name }),
      closeButtonProps: { 'aria-label': t('app.closeNotification') },
    });
    close();
  };

  return (
    <Modal
      opened={target !== null}
      onClose={close}
      title={t('supervision.setTitle', { name: target?.name ?? '' })}
      closeButtonProps={{ 'aria-label': t('profiles.cancel') }}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          <Text size="sm">{t('supervision.setExplain', { name: target?.name ?? '' })}</Text>
          <PasswordInput
            label={t('supervision.credential')}
            value={credential}
            onChange={(e) => setCredential(e.currentTarget.value)}
            autoComplete="new-password"
            data-autofocus
          />
          <PasswordInput
            label={t('supervision.credentialRepeat')}
            value={repeat}
            onChange={(e) => setRepeat(e.currentTarget.value)}
            autoComplete="new-password"
          />
          {bootstrap && (
            <>
              <Text size="sm" c="dimmed">
                {t('supervision.bootstrapExplain')}
              </Text>
              <PasswordInput
                label={t('supervision.workstationPassphrase')}
                value={passphrase}
                onChange={(e) => setPassphrase(e.currentTarget.value)}
                autoComplete="current-password"
              />
            </>
          )}
          {shownError && (
            <Alert color="red" role="alert" data-testid="credential-error">
              {shownError}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('profiles.cancel')}
            </Button>
            <Button type="submit" loading={save.busy}>
              {t('supervision.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
