import { Button, Group, Select, Title } from '@mantine/core';
import { IconBell, IconFileImport, IconKeyboard } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkstationDb } from '../../app/database';
import type { CounsellorRecord } from '../../db/records';

/** The queue's title bar: who is working, notifications, import, keys (what waits to sync: the header). */
export function QueueHeader({
  counsellors,
  onImport,
  onShowKeys,
}: {
  counsellors: CounsellorRecord[];
  onImport(): void;
  onShowKeys(): void;
}) {
  const { t } = useTranslation();
  const { counsellorId, setCounsellorId } = useWorkstationDb();
  const [canAskNotifications, setCanAskNotifications] = useState(
    () => 'Notification' in window && Notification.permission === 'default',
  );
  return (
    <Group justify="space-between" wrap="wrap">
      <Title order={1} size="h2">
        {t('queue.title')}
      </Title>
      <Group gap="sm">
        <Select
          label={t('queue.workingAs')}
          placeholder={t('queue.workingAsNone')}
          data={counsellors.map((c) => ({ value: c.id, label: c.name }))}
          value={counsellorId}
          onChange={setCounsellorId}
          w={200}
          size="xs"
        />
        {canAskNotifications && (
          <Button
            variant="subtle"
            mt={20}
            leftSection={<IconBell size={16} aria-hidden />}
            onClick={() =>
              void Notification.requestPermission().finally(() => setCanAskNotifications(false))
            }
          >
            {t('queue.enableNotifications')}
          </Button>
        )}
        <Button
          variant="subtle"
          mt={20}
          leftSection={<IconKeyboard size={16} aria-hidden />}
          onClick={onShowKeys}
          aria-keyshortcuts="?"
        >
          {t('queue.keysButton')}
        </Button>
        <Button
          leftSection={<IconFileImport size={16} aria-hidden />}
          variant="default"
          onClick={onImport}
          mt={20}
        >
          {t('queue.import')}
        </Button>
      </Group>
    </Group>
  );
}
