/**
 * Asks for what a switch to a role that sees more needs: a supervisor's own credential, or the
 * workstation passphrase (from a CO view back to a counsellor). The main process checks it and
 * limits wrong attempts. Also confirms a supervisor signed in whose role the main process has not
 * proven since a lock or a start (`target` is then the profile signed in).
 */
import { Alert, Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkstationDb } from '../../app/database';
import { BridgeCallError } from '../../bridge';
import { bridgeErrorText } from '../../app/bridge-words';
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
  const [busy, setBusy] = useState(false);

  const close = () => {
    setPassphrase('');
    setError(null);
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (target === null || busy) return;
    setError(null);
    if (passphrase === '')
      return setError(
        t(ownCredential ? 'supervision.credentialRequired' : 'profiles.passphraseRequired'),
      );
    setBusy(true);
    try {
      const result = await switchProfile(target.id, passphrase);
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
      } else if (ownCredential && result.reason === 'wrong-passphrase') {
        setError(t('supervision.wrongCredential', { count: result.attemptsLeft ?? 0 }));
      } else {
        setError(t('profiles.wrongPassphrase'));
      }
    } catch (e) {
      setError(
        e instanceof BridgeCallError ? bridgeErrorText(e.error, t) : t('profiles.switchFailed'),
      );
    } finally {
      setBusy(false);
      setPassphrase('');
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
          {error && (
            <Alert color="red" role="alert" data-testid="switch-error">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('profiles.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('profiles.switch')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
