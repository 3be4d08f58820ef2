import { Alert, Button, Group, Skeleton, Stack, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { AboutSection } from './AboutSection';
import { AppearanceSection } from './AppearanceSection';
import { OrganisationSettingsForm } from './OrganisationSettingsForm';
import { useOrganisationSettings } from './useSettings';

export function SettingsPage() {
  const { t } = useTranslation();
  const { load, reload, save } = useOrganisationSettings();
  return (
    <Stack gap="lg" maw={860}>
      <Title order={1} size="h2">
        {t('settings.title')}
      </Title>
      {load.status === 'loading' && (
        <Stack gap="sm" aria-busy="true" aria-label={t('settings.loading')}>
          <Skeleton h={28} w="40%" />
          <Skeleton h={120} />
          <Skeleton h={120} />
        </Stack>
      )}
      {load.status === 'failed' && (
        <Alert
          color="red"
          icon={<IconAlertTriangle aria-hidden />}
          title={t('settings.organisation.saveFailed')}
          role="alert"
        >
          <Group justify="space-between">
            {load.message}
            <Button variant="light" color="red" onClick={reload}>
              {t('error.retry')}
            </Button>
          </Group>
        </Alert>
      )}
      {load.status === 'ready' && <OrganisationSettingsForm state={load.state} onSave={save} />}
      <AppearanceSection />
      <AboutSection />
    </Stack>
  );
}
