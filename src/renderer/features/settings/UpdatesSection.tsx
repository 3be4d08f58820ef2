/**
 * The update settings (issue 17 §3): on/off and the feed URL, kept by the main process. Anyone
 * reads them; only a supervisor the main process has proven saves them (the bridge refuses anyone
 * else). The browser host never updates itself, and says so.
 */
import {
  Alert,
  Button,
  Card,
  Group,
  Loader,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle, IconLock } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { UpdateSettingsState } from '../../../bridge/schemas/updates';
import { BridgeCallError, bridge } from '../../bridge';
import { describeError, useAction } from '../../app/action';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { useAppInfo } from '../../app/workstation';

/** The feed URL's problem in the person's words, or null (the bridge checks the same again). */
function feedProblem(enabled: boolean, feedUrl: string, t: TFunction): string | null {
  const value = feedUrl.trim();
  if (value === '') return enabled ? t('settings.updates.feedRequired') : null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return t('settings.updates.feedHttps');
  }
  if (url.protocol !== 'https:') return t('settings.updates.feedHttps');
  if (url.username !== '' || url.password !== '') return t('settings.updates.feedCredentials');
  return null;
}

export function UpdatesSection() {
  const { t } = useTranslation();
  const info = useAppInfo();
  const clock = useClock();
  const { audit, profile, supervisorProven } = useWorkstationDb();
  const readOnly = !supervisorProven;
  const [state, setState] = useState<UpdateSettingsState | null>(null);
  const [enabled, setEnabled] = useState(false);
  const [feedUrl, setFeedUrl] = useState('');
  const [error, setError] = useState<string | null>(null);
  // The failure itself, worded at render in the UI's language (never its English message).
  const [loadFailure, setLoadFailure] = useState<{ error: unknown } | null>(null);
  const loadError = loadFailure === null ? null : describeError(loadFailure.error, t);

  useEffect(() => {
    let cancelled = false;
    void bridge['updates.get'](undefined).then(
      (loaded) => {
        if (cancelled) return;
        setState(loaded);
        setEnabled(loaded.settings.enabled);
        setFeedUrl(loaded.settings.feedUrl ?? '');
      },
      (error: unknown) => !cancelled && setLoadFailure({ error }),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const save = useAction(
    'updates.save',
    async (before: UpdateSettingsState, next: { enabled: boolean; feedUrl: string | null }) => {
      const saved = await bridge['updates.set'](next);
      await audit.append(
        {
          profile,
          action: 'settings-change',
          object: 'organisation-settings',
          reason: {
            code: 'update-settings-saved',
            enabled: saved.settings.enabled !== before.settings.enabled ? next.enabled : null,
            feedChanged: saved.settings.feedUrl !== before.settings.feedUrl,
          },
        },
        clock.now().getTime(),
      );
      setState(saved);
    },
    {
      success: t('settings.updates.saved'),
      notify: false,
      describe: (e) =>
        e instanceof BridgeCallError && e.error.code === 'forbidden-role'
          ? t('supervision.forbidden')
          : null,
    },
  );
  const saveError = loadError ?? save.error;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = feedProblem(enabled, feedUrl, t);
    setError(problem);
    save.reset();
    if (problem !== null || state === null) return;
    void save.run(state, { enabled, feedUrl: feedUrl.trim() === '' ? null : feedUrl.trim() });
  };

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="updates-title">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <div>
            <Title order={2} size="h4" id="updates-title">
              {t('settings.updates.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('settings.updates.description')}
            </Text>
          </div>

          {info.host !== 'electron' && (
            <Alert
              color="gray"
              icon={<IconInfoCircle aria-hidden />}
              data-testid="updates-browser-host"
            >
              {t('settings.updates.browserHost')}
            </Alert>
          )}

          {state?.problem && (
            <Alert
              color="orange"
              icon={<IconAlertTriangle aria-hidden />}
              title={t('settings.updates.problemTitle')}
              role="alert"
            >
              {state.problem}
            </Alert>
          )}

          {readOnly && (
            <Alert
              color="blue"
              icon={<IconLock aria-hidden />}
              title={t('settings.updates.readOnlyTitle')}
              data-testid="updates-read-only"
            >
              {t('settings.updates.readOnlyBody')}
            </Alert>
          )}

          {state === null && loadError === null ? (
            <Loader size="sm" aria-label={t('settings.updates.title')} />
          ) : (
            <>
              <Switch
                label={t('settings.updates.enabled')}
                checked={enabled}
                disabled={readOnly}
                onChange={(event) => setEnabled(event.currentTarget.checked)}
              />
              <TextInput
                label={t('settings.updates.feedUrl')}
                description={t('settings.updates.feedUrlHint')}
                placeholder="https://"
                type="url"
                inputMode="url"
                maw={560}
                value={feedUrl}
                readOnly={readOnly}
                error={error}
                onChange={(event) => setFeedUrl(event.currentTarget.value)}
              />
            </>
          )}

          {saveError && (
            <Text c="red" size="sm" role="alert">
              {saveError}
            </Text>
          )}

          {!readOnly && (
            <Group>
              <Button type="submit" loading={save.busy} disabled={state === null}>
                {t('settings.updates.save')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Card>
  );
}
