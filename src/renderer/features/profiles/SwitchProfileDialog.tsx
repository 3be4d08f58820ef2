/**
 * Asks for the workstation passphrase before a switch to a profile whose role sees more. The
 * workstation always has one by then: the app cannot be unlocked without it.
 */
import { Alert, Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
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
    if (passphrase === '') return setError(t('profiles.passphraseRequired'));
    setBusy(true);
    try {
      const result = await switchProfile(target.id, passphrase);
      if (result.ok) {
        onSwitched(target);
        close();
      } else if (result.reason === 'locked-out') {
        setError(t('profiles.lockedOut', { seconds: Math.ceil(result.retryAfterMs / 1000) }));
      } else {
        setError(t('profiles.wrongPassphrase'));
      }
    } catch (e) {
      setError(e instanceof BridgeCallError ? e.message : t('profiles.switchFailed'));
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
            <Text size="sm">{t('profiles.switchExplain')}</Text>
            {target && <RoleBadge role={target.role} />}
          </Group>
          <PasswordInput
            label={t('profiles.passphrase')}
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
