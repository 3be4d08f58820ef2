import { Center, Loader, Progress, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useClock } from './clock';
import { useDemoSeed } from './database';

/** Holds the app back while the demo dataset is imported on a first start. */
export function DemoGate({ demoText, children }: { demoText: string | null; children: ReactNode }) {
  const { t } = useTranslation();
  const clock = useClock();
  const state = useDemoSeed(demoText, clock.now().getTime());
  if (state.status !== 'loading') return <>{children}</>;
  return (
    <Center h="100vh">
      <Stack align="center" gap="xs" w={360} role="status">
        <Loader size="sm" aria-hidden />
        <Text size="sm">{t('import.demoLoading', { done: state.done, total: state.total })}</Text>
        <Progress
          value={state.total ? (state.done / state.total) * 100 : 0}
          w="100%"
          aria-label={t('import.title')}
        />
      </Stack>
    </Center>
  );
}
