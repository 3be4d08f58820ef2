/**
 * Signed in: who (sign-in name and role), the organisation and server, the connection's state,
 * the last sync, what waits to be sent, and Sign out with what it means (the changes not yet sent
 * stay here and go at the next sign-in).
 */
import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLogout } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../bridge/schemas/sync';
import { bridge } from '../../bridge';
import { useAction } from '../../app/action';
import { holdSyncLoops } from '../../app/sync-loop';
import { formatInstant } from '../../app/format';
import { relativeTime, syncSummary } from './sync-words';
import { putSyncStatus } from './useSyncStatus';

export function SyncAccountCard({
  status,
  readAtMs,
  pending,
}: {
  status: SyncStatus;
  readAtMs: number;
  pending: number;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const summary = syncSummary(status, readAtMs, t, language);
  const signOut = useAction('sync.signOut', async () => {
    // The round under way ends first (its push may carry this person's changes), and no call
    // starts until the session is gone.
    const release = await holdSyncLoops();
    let revoked: boolean;
    try {
      ({ revoked } = await bridge['sync.signOut'](undefined));
    } finally {
      release();
    }
    putSyncStatus(await bridge['sync.status'](undefined));
    notifications.show({
      color: revoked ? 'teal' : 'yellow',
      message: revoked ? t('sync.signOut.done') : t('sync.signOut.doneNotTold'),
      closeButtonProps: { 'aria-label': t('app.closeNotification') },
    });
  });
  const account = status.account;
  const rows: [string, string, string][] = [
    [
      'who',
      t('sync.account.who'),
      account === null
        ? '—'
        : t('sync.account.whoValue', {
            login: account.login,
            role: t(`profiles.roles.${account.role}`),
          }),
    ],
    ['organisation', t('sync.account.organisation'), account?.organisation ?? '—'],
    ['server', t('sync.account.server'), status.serverUrl ?? '—'],
    [
      'state',
      t('sync.account.state'),
      // Online: the last sync has its own row.
      summary.when === null || status.connection === 'online'
        ? summary.state
        : `${summary.state} · ${summary.when}`,
    ],
    [
      'last-sync',
      t('sync.account.lastSync'),
      status.lastSyncAt === null
        ? t('sync.account.never')
        : `${relativeTime(status.lastSyncAt, readAtMs, t, language)} (${t('app.nowJst', {
            time: formatInstant(status.lastSyncAt, language),
          })})`,
    ],
    [
      'pending',
      t('sync.account.pending'),
      pending === 0 ? t('queue.outboxEmpty') : t('queue.outbox', { count: pending }),
    ],
  ];

  return (
    <Stack gap="sm">
      <Table variant="vertical" withTableBorder layout="fixed" maw={640} data-testid="sync-account">
        <Table.Tbody>
          {rows.map(([key, label, value]) => (
            <Table.Tr key={key}>
              <Table.Th w={200}>{label}</Table.Th>
              <Table.Td data-testid={`sync-account-${key}`} style={{ overflowWrap: 'anywhere' }}>
                {value}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group gap="sm" align="center" wrap="nowrap" maw={640}>
        <Button
          style={{ flexShrink: 0 }}
          variant="default"
          leftSection={<IconLogout size={16} aria-hidden />}
          loading={signOut.busy}
          onClick={() => void signOut.run()}
          aria-describedby="sync-sign-out-explain"
        >
          {t('sync.signOut.button')}
        </Button>
        <Text size="sm" c="dimmed" id="sync-sign-out-explain">
          {t('sync.signOut.explain')}
        </Text>
      </Group>
    </Stack>
  );
}
