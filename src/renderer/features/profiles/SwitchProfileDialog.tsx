/**
 * Asks for the workstation passphrase before a switch to a profile whose role sees more. When the
 * workstation has no passphrase yet, it asks to create one (with its confirmation) first.
 */
import { Alert, Button, Group, Loader, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { passphraseProblem, type PassphraseProblem } from '../../../domain/privacy/passphrase';
import { useWorkstationDb } from '../../app/database';
import { bridge, BridgeCallError } from '../../bridge';
import type { PassphraseStateOutput } from '../../../bridge/schemas/security';
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
  const [state, setState] = useState<PassphraseStateOutput | 'loading' | 'failed'>('loading');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const opened = target !== null;

  useEffect(() => {
    if (!opened) return;
    let cancelled = false;
    bridge['passphrase.status']({}).then(
      (s) => !cancelled && setState(s),
      () => !cancelled && setState('failed'),
    );
    return () => {
      cancelled = true;
    };
  }, [opened]);

  const close = () => {
    setPassphrase('');
    setConfirm('');
    setError(null);
    setState('loading');
    onClose();
  };

  const creating = state !== 'loading' && state !== 'failed' && state.state === 'unset';
  const problem: PassphraseProblem | null =
    creating && passphrase !== '' ? passphraseProblem(passphrase) : null;
  const problemText = (p: PassphraseProblem) =>
    p.kind === 'too-short'
      ? t('profiles.passphraseTooShort', { minimum: p.minimum, length: p.length })
      : t('profiles.passphraseRepetitive');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (target === null || busy) return;
    setError(null);
    if (passphrase === '') return setError(t('profiles.passphraseRequired'));
    if (creating) {
      if (problem) return setError(problemText(problem));
      if (confirm !== passphrase) return setError(t('profiles.passphraseMismatch'));
    }
    setBusy(true);
    try {
      if (creating) await bridge['passphrase.create']({ passphrase });
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
      setConfirm('');
    }
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t('profiles.switchTitle', { name: target?.name ?? '' })}
      closeButtonProps={{ 'aria-label': t('profiles.cancel') }}
    >
      {state === 'loading' ? (
        <Loader size="sm" aria-label={t('app.loading')} />
      ) : state === 'failed' ? (
        <Alert color="red" role="alert">
          {t('profiles.switchFailed')}
        </Alert>
      ) : state.state === 'damaged' ? (
        <Alert color="red" role="alert" title={t('profiles.keyStoreDamaged')}>
          {state.problem}
        </Alert>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack gap="sm">
            <Group gap="xs">
              <Text size="sm">{t('profiles.switchExplain')}</Text>
              {target && <RoleBadge role={target.role} />}
            </Group>
            {creating && (
              <Alert color="blue" variant="light">
                {t('profiles.createExplain')}
              </Alert>
            )}
            <PasswordInput
              label={t('profiles.passphrase')}
              value={passphrase}
              onChange={(e) => setPassphrase(e.currentTarget.value)}
              autoComplete={creating ? 'new-password' : 'current-password'}
              description={
                creating
                  ? problem
                    ? problemText(problem)
                    : passphrase === ''
                      ? t('profiles.passphraseRule')
                      : t('profiles.passphraseGood')
                  : undefined
              }
              data-autofocus
            />
            {creating && (
              <PasswordInput
                label={t('profiles.confirmPassphrase')}
                value={confirm}
                onChange={(e) => setConfirm(e.currentTarget.value)}
                autoComplete="new-password"
              />
            )}
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
                {creating ? t('profiles.createAndSwitch') : t('profiles.switch')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
