import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useClock } from './clock';
import { useDemoSeed } from './database';
import { ProgressScreen } from './ProgressScreen';

/** Holds the app back while the demo dataset is imported on a first start. */
export function DemoGate({ demoText, children }: { demoText: string | null; children: ReactNode }) {
  const { t } = useTranslation();
  const clock = useClock();
  const state = useDemoSeed(demoText, clock.now().getTime());
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
