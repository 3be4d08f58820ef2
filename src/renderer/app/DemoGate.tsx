import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Center, Loader } from '@mantine/core';
import { useClock } from './clock';
import { useDemoSeed } from './database';
import { ProgressScreen } from './ProgressScreen';

/** Holds the app back while the demo dataset is imported on a first start. */
export function DemoGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const clock = useClock();
  const state = useDemoSeed(clock);
  if (state.status === 'checking')
    return (
      <Center h="100vh">
        <Loader size="sm" aria-label={t('app.loading')} />
      </Center>
    );
  if (state.status !== 'loading') return <>{children}</>;
  return (
    <ProgressScreen
      text={t('import.demoLoading', { done: state.done, total: state.total })}
      label={t('import.title')}
      done={state.done}
      total={state.total}
    />
  );
}
