/**
 * The notice that the sync server was restored from a backup (docs/sync.md, "After a server
 * restore"): found by the server (a new log id, or a cursor past every version it gave) or by this
 * workstation (the server forgot changes it had dealt with). It says what the person has to check,
 * and how many of their replies the server lost are drafts again, until they say they checked.
 */
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../../app/action';
import { useClock } from '../../app/clock';
import { useData } from '../../app/data';
import { useWorkstationDb } from '../../app/database';
import { formatInstantNear } from '../../app/format';

/** The notice, read live (a sync round in the background puts it up). */
export function useServerRestored() {
  const { refusals } = useWorkstationDb();
  return useData('sync-server-restored', () => refusals.serverRestored(), [refusals]).data ?? null;
}

export function ServerRestoredAlert() {
  const { t, i18n } = useTranslation();
  const { refusals } = useWorkstationDb();
  const notice = useServerRestored();
  const dismiss = useAction('dismiss-server-restored', refusals.dismissServerRestored);
  const nowMs = useClock().now().getTime();
  if (notice === null) return null;
  return (
    <Alert
      color="orange"
      icon={<IconHistory size={16} aria-hidden />}
      title={t('sync.serverRestored.title')}
      role="alert"
      data-testid="sync-server-restored"
      maw={720}
    >
      <Stack gap="xs">
        <Text size="sm">
          {t('sync.serverRestored.body', {
            when: formatInstantNear(notice.detectedAt, nowMs, i18n.language),
          })}
        </Text>
        {notice.repliesKept > 0 && (
          <Text size="sm" fw={600} data-testid="sync-server-restored-replies">
            {t('sync.serverRestored.replies', { count: notice.repliesKept })}
          </Text>
        )}
        {notice.threadsMissing > 0 && (
          <Text size="sm">
            {t('sync.serverRestored.threadsMissing', { count: notice.threadsMissing })}
          </Text>
        )}
        <Group>
          <Button
            size="xs"
            variant="default"
            loading={dismiss.busy}
            onClick={() => void dismiss.run()}
          >
            {t('sync.serverRestored.dismiss')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
