import { Alert, Button, Center, Loader, MantineProvider, Stack, Text } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BridgeCallError } from '../bridge';
import { bridgeErrorText } from './bridge-words';
import { loadWorkstationData, WorkstationProvider, type WorkstationData } from './workstation';
import { ClockProvider } from './clock';
import { ErrorBoundary } from './ErrorBoundary';
import { Shell } from './Shell';
import { DemoGate } from './DemoGate';
import { ConnectionProvider } from './connection';
import { DatabaseProvider } from './database';
import { SyncLoop } from './sync-loop';
import { VaultProvider } from './vault';
import { useDesktopLanguage } from './desktop';
import { colorSchemeManager, cssVariablesResolver, theme } from './theme';

type Start =
  | { state: 'loading' }
  | { state: 'ready'; data: WorkstationData }
  | { state: 'failed'; unauthorized: boolean; message: string };

function Startup() {
  const { t, i18n } = useTranslation();
  // The menu (Electron) follows the app's language.
  useDesktopLanguage(i18n.language);
  const [start, setStart] = useState<Start>({ state: 'loading' });
  const fetchInfo = useCallback(() => {
    loadWorkstationData().then(
      (data) => setStart({ state: 'ready', data }),
      (error: unknown) =>
        setStart({
          state: 'failed',
          unauthorized: error instanceof BridgeCallError && error.error.code === 'unauthorized',
          message: error instanceof BridgeCallError ? bridgeErrorText(error.error, t) : '',
        }),
    );
  }, [t]);
  useEffect(fetchInfo, [fetchInfo]);
  const load = useCallback(() => {
    setStart({ state: 'loading' });
    fetchInfo();
  }, [fetchInfo]);

  if (start.state === 'loading') {
    return (
      <Center h="100vh">
        <Stack align="center" gap="xs">
          <Loader size="sm" aria-hidden />
          <Text size="sm" c="dimmed" role="status">
            {t('app.loading')}
          </Text>
        </Stack>
      </Center>
    );
  }
  if (start.state === 'failed') {
    return (
      <Center h="100vh" p="md">
        <Alert
          color="red"
          icon={<IconPlugConnectedX aria-hidden />}
          title={t('error.bridgeTitle')}
          maw={560}
          role="alert"
        >
          <Stack gap="sm">
            <Text size="sm">{start.unauthorized ? t('error.unauthorized') : start.message}</Text>
            <Button variant="default" onClick={load} w="fit-content">
              {t('error.retry')}
            </Button>
          </Stack>
        </Alert>
      </Center>
    );
  }
  return (
    <WorkstationProvider initial={start.data}>
      <ClockProvider pinnedNow={start.data.info.pinnedNow}>
        <VaultProvider>
          <DatabaseProvider>
            <SyncLoop />
            <DemoGate>
              <Shell />
            </DemoGate>
          </DatabaseProvider>
        </VaultProvider>
      </ClockProvider>
    </WorkstationProvider>
  );
}

export function App() {
  return (
    <MantineProvider
      theme={theme}
      colorSchemeManager={colorSchemeManager}
      cssVariablesResolver={cssVariablesResolver}
      defaultColorScheme="light"
    >
      <Notifications position="bottom-right" />
      <ErrorBoundary>
        <ConnectionProvider>
          <Startup />
        </ConnectionProvider>
      </ErrorBoundary>
    </MantineProvider>
  );
}
