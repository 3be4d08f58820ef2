/**
 * Settings → Sync (issue 15): signing this workstation in to the service's sync server with the
 * person's own account, and, once signed in, who, where, the state and Sign out. The connection
 * belongs to the workstation (its data folder), not to a local profile: whoever signs in here,
 * the changes in this workstation's outbox are sent under that account.
 */
import { Alert, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconClockExclamation, IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../bridge/schemas/sync';
import { bridgeErrorText } from '../../app/bridge-words';
import { EnrolmentPanel } from './EnrolmentPanel';
import { RefusalsList } from './RefusalsList';
import { ServerRestoredAlert } from './ServerRestoredAlert';
import { SyncAccountCard } from './SyncAccountCard';
import { SyncSignInForm } from './SyncSignInForm';
import { clockSentence } from './sync-words';
import { usePendingChanges } from './usePendingChanges';
import { useSyncStatus } from './useSyncStatus';

function ProblemAlert({ problem }: { problem: NonNullable<SyncStatus['problem']> }) {
  const { t } = useTranslation();
  return (
    <Alert
      color="orange"
      icon={<IconAlertTriangle size={16} aria-hidden />}
      title={t(`sync.problem.${problem}.title`)}
      role="alert"
      data-testid="sync-problem"
      maw={640}
    >
      {t(`sync.problem.${problem}.body`)}
    </Alert>
  );
}

function ClockAlert({ offsetMs }: { offsetMs: number }) {
  const { t } = useTranslation();
  return (
    <Alert
      color="orange"
      icon={<IconClockExclamation size={16} aria-hidden />}
      title={t('sync.clock.title')}
      data-testid="sync-clock"
      maw={640}
    >
      {clockSentence(offsetMs, t)} {t('sync.clock.why')}
    </Alert>
  );
}

function SectionBody() {
  const { t } = useTranslation();
  const { status, error, readAtMs } = useSyncStatus();
  const pending = usePendingChanges();
  if (status === null && error !== null)
    return (
      <Alert color="red" icon={<IconAlertTriangle size={16} aria-hidden />} role="alert">
        {t('sync.statusError', { why: bridgeErrorText(error, t) })}
      </Alert>
    );
  if (status === null)
    return (
      <Group gap="xs" role="status">
        <Loader size="xs" />
        <Text size="sm">{t('sync.loading')}</Text>
      </Group>
    );
  if (status.connection === 'locked')
    return (
      <Alert color="gray" icon={<IconLock size={16} aria-hidden />}>
        {t('sync.lockedNote')}
      </Alert>
    );
  const clockOff = status.clock?.off === true && status.connection !== 'signed-out';
  return (
    <Stack gap="sm">
      {status.problem !== null && <ProblemAlert problem={status.problem} />}
      {clockOff && status.clock && <ClockAlert offsetMs={status.clock.offsetMs} />}
      <ServerRestoredAlert />
      {status.connection === 'signed-out' ? (
        <>
          {pending > 0 && (
            <Text size="sm" data-testid="sync-pending-signed-out">
              {t('sync.pendingSignedOut', { count: pending })}
            </Text>
          )}
          <SyncSignInForm serverUrl={status.serverUrl} organisation={status.organisation} />
        </>
      ) : (
        <SyncAccountCard status={status} readAtMs={readAtMs} pending={pending} />
      )}
      <RefusalsList />
      {status.connection !== 'signed-out' && <EnrolmentPanel />}
      {error !== null && (
        <Text size="sm" c="red.8" role="status">
          {t('sync.statusStale', { why: bridgeErrorText(error, t) })}
        </Text>
      )}
    </Stack>
  );
}

export function SyncSection() {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="sync-title">
      <Stack gap="md">
        <div>
          <Title order={2} size="h4" id="sync-title">
            {t('sync.title')}
          </Title>
          <Text size="sm" c="dimmed" maw={720}>
            {t('sync.description')}
          </Text>
        </div>
        <SectionBody />
      </Stack>
    </Card>
  );
}
