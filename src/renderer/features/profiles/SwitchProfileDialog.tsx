/**
 * Asks for what a switch to a role that sees more needs: a supervisor's own credential, or the
 * workstation passphrase (from a CO view back to a counsellor). The main process checks it and
 * limits wrong attempts. Also confirms a supervisor signed in whose role the main process has not
 * proven since a lock or a start (`target` is then the profile signed in).
 */
import { Alert, Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../../app/action';
import { useWorkstationDb } from '../../app/database';
import { BridgeCallError } from '../../bridge';
import type { ProfileRecord } from '../../db/records';
import { RoleBadge } from './RoleBadge';

export function SwitchProfileDialog({
  target,
  onClose,
  onSwitched,
}: {
  target: ProfileRecord | null;
  onClose(): void;
  onSwitched(profile: ProfileRecord): void;
}) {
  const { t } = useTranslation();
  const { switchProfile } = useWorkstationDb();
  const [passphrase, setPassphrase] = useState('');
  const ownCredential = target?.role === 'supervisor';
  const [error, setError] = useState<string | null>(null);
  // A refused switch (wrong passphrase, locked out) is an answer, said below; a failure of the
  // call itself goes through the wrapper.
  const attempt = useAction(
    'profile.switch',
    (profileId: string, secret: string) => switchProfile(profileId, secret),
    {
      notify: false,
      describe: (e) => (e instanceof BridgeCallError ? null : t('profiles.switchFailed')),
    },
  );
  const shownError = error ?? attempt.error;

  const close = () => {
    setPassphrase('');
    setError(null);
    attempt.reset();
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (target === null || attempt.busy) return;
    setError(null);
    attempt.reset();
    if (passphrase === '')
      return setError(
        t(ownCredential ? 'supervision.credentialRequired' : 'profiles.passphraseRequired'),
      );
    const result = await attempt.run(target.id, passphrase);
    setPassphrase('');
    if (result === undefined) return;
    if (result.ok) {
      onSwitched(target);
      close();
    } else if (result.reason === 'locked-out') {
      setError(
        ownCredential
          ? t('supervision.lockedOut', { minutes: Math.ceil(result.retryAfterMs / 60_000) })
          : t('profiles.lockedOut', { seconds: Math.ceil(result.retryAfterMs / 1000) }),
      );
    } else if (result.reason === 'no-credential') {
      setError(t('supervision.noCredential'));
    } else if (result.reason === 'account-ended') {
      setError(t('supervision.accountEnded'));
    } else if (ownCredential && result.reason === 'wrong-passphrase') {
      setError(t('supervision.wrongCredential', { count: result.attemptsLeft ?? 0 }));
    } else {
      setError(t('profiles.wrongPassphrase'));
    }
  };

  return (
    <Modal
      opened={target !== null}
      onClose={close}
      title={t('profiles.switchTitle', { name: target?.name ?? '' })}
      closeButtonProps={{ 'aria-label': t('profiles.cancel') }}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="sm">
          <Group gap="xs">
            <Text size="sm">
              {ownCredential
                ? t('supervision.switchExplain', { name: target.name })
                : t('profiles.switchExplain')}
            </Text>
            {target && <RoleBadge role={target.role} />}
          </Group>
          <PasswordInput
            label={t(ownCredential ? 'supervision.credential' : 'profiles.passphrase')}
            value={passphrase}
            onChange={(e) => setPassphrase(e.currentTarget.value)}
            autoComplete="current-password"
            data-autofocus
          />
          {shownError && (
            <Alert color="red" role="alert" data-testid="switch-error">
              {shownError}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('profiles.cancel')}
            </Button>
            <Button type="submit" loading={attempt.busy}>
              {t('profiles.switch')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
