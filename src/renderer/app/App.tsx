import { Alert, Button, Center, Loader, MantineProvider, Stack, Text } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../bridge/schemas/app';
import { bridge, BridgeCallError } from '../bridge';
import { AppInfoContext } from './app-info';
import { ClockProvider } from './clock';
import { ErrorBoundary } from './ErrorBoundary';
import { Shell } from './Shell';
import { colorSchemeManager, cssVariablesResolver, theme } from './theme';

type Start =
  | { state: 'loading' }
  | { state: 'ready'; info: AppInfo }
  | { state: 'failed'; unauthorized: boolean };

function Startup() {
  const { t } = useTranslation();
  const [start, setStart] = useState<Start>({ state: 'loading' });
  const fetchInfo = useCallback(() => {
    bridge['app.info'](undefined).then(
      (info) => setStart({ state: 'ready', info }),
      (error: unknown) =>
        setStart({
          state: 'failed',
          unauthorized: error instanceof BridgeCallError && error.error.code === 'unauthorized',
        }),
    );
  }, []);
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
            {start.unauthorized && <Text size="sm">{t('error.unauthorized')}</Text>}
            <Button variant="light" color="red" onClick={load} w="fit-content">
              {t('error.retry')}
            </Button>
          </Stack>
        </Alert>
      </Center>
    );
  }
  return (
    <AppInfoContext.Provider value={start.info}>
      <ClockProvider pinnedNow={start.info.pinnedNow}>
        <Shell />
      </ClockProvider>
    </AppInfoContext.Provider>
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
      <Notifications position="top-right" />
      <ErrorBoundary>
        <Startup />
      </ErrorBoundary>
    </MantineProvider>
  );
}
