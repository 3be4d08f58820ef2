/**
 * The changes the sync server refused, newest first, each with what happened and what to do, and
 * a button to dismiss it (DOMAIN.md section 8: a refused change is shown with its reason and a way
 * forward, never dropped in silence). Reads live: a refusal stored by a sync round in the
 * background shows at once.
 */
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useData } from '../../app/data';
import { useAction } from '../../app/action';
import { useWorkstationDb } from '../../app/database';
import { useClock } from '../../app/clock';
import { formatInstantNear } from '../../app/format';
import { refusalWords } from './refusal-words';

export function RefusalsList() {
  const { t, i18n } = useTranslation();
  const { refusals, queue } = useWorkstationDb();
  const list = useData('sync-refusals', () => refusals.list(), [refusals]);
  const counsellors = useData('counsellors', () => queue.counsellors(), [queue]);
  const dismiss = useAction('dismiss-sync-refusal', refusals.dismiss);
  const nameOf = (id: string) => counsellors.data?.find((c) => c.id === id)?.name;
  const nowMs = useClock().now().getTime();

  return (
    <Stack gap="sm">
      <Title order={3}>{t('syncRefusals.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('syncRefusals.description')}
      </Text>
      {list.data?.length === 0 && <Text size="sm">{t('syncRefusals.empty')}</Text>}
      {list.data?.map((refusal) => {
        const words = refusalWords(t, refusal, nameOf);
        return (
          <Paper key={`${refusal.clientId}:${refusal.mutationId}`} withBorder p="sm" radius="sm">
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <Stack gap={4}>
                <Text fw={600}>{words.action}</Text>
                <Text size="sm">{words.what}</Text>
                <Text size="xs" c="dimmed">
                  {t('syncRefusals.at', {
                    when: formatInstantNear(refusal.at, nowMs, i18n.language),
                  })}
                </Text>
              </Stack>
              <Button
                variant="subtle"
                size="xs"
                style={{ flexShrink: 0 }}
                loading={dismiss.busy}
                aria-label={t('syncRefusals.dismissLabel', { action: words.action })}
                onClick={() => void dismiss.run(refusal)}
              >
                {t('syncRefusals.dismiss')}
              </Button>
            </Group>
          </Paper>
        );
      })}
    </Stack>
  );
}
