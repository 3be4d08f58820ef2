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
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { BridgeCallError, bridge } from '../../bridge';
import { bridgeErrorText } from '../../app/bridge-words';
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
  const [busy, setBusy] = useState(false);
  const bootstrap = roleStatus.bootstrap && !supervisorProven;

  const close = () => {
    setCredential('');
    setRepeat('');
    setPassphrase('');
    setError(null);
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (target === null || busy) return;
    setError(null);
    if (credential === '') return setError(t('supervision.credentialRequired'));
    if (passphraseProblem(credential) !== null) return setError(t('supervision.tooWeak'));
    if (credential !== repeat) return setError(t('supervision.mismatch'));
    if (bootstrap && passphrase === '') return setError(t('profiles.passphraseRequired'));
    if (bootstrap && credential.normalize('NFC') === passphrase.normalize('NFC'))
      return setError(t('supervision.sameAsPassphrase'));
    setBusy(true);
    try {
      const result = await bridge['credential.set']({
        profileId: target.id,
        credential,
        passphrase: bootstrap ? passphrase : null,
      });
      if (!result.ok) {
        setError(
          result.reason === 'locked-out'
            ? t('profiles.lockedOut', { seconds: Math.ceil((result.retryAfterMs ?? 0) / 1000) })
            : t('supervision.wrongPassphrase'),
        );
        return;
      }
      await audit.append(
        {
          profile: currentProfile.name,
          action: 'role-change',
          object: `profile:${target.id}`,
          reason: { code: 'credential-set', name: target.name },
        },
        clock.now().getTime(),
      );
      await rolesChanged();
      notifications.show({
        message: t('supervision.credentialSet', { name: target.name }),
        closeButtonProps: { 'aria-label': t('app.closeNotification') },
      });
      close();
    } catch (e) {
      setError(
        e instanceof BridgeCallError && e.error.code === 'forbidden-role'
          ? t('supervision.notAllowed')
          : e instanceof BridgeCallError
            ? bridgeErrorText(e.error, t)
            : t('profiles.switchFailed'),
      );
    } finally {
      setBusy(false);
    }
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
          {error && (
            <Alert color="red" role="alert" data-testid="credential-error">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('profiles.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('supervision.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
