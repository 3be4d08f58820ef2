import { Stack, Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useOrganisationSettings } from '../../app/workstation';
import { AboutSection } from './AboutSection';
import { AppearanceSection } from './AppearanceSection';
import { BusinessCalendarYear } from './BusinessCalendarYear';
import { DeadlineCheck } from './DeadlineCheck';
import { OrganisationSettingsForm } from './OrganisationSettingsForm';

export function SettingsPage() {
  const { t } = useTranslation();
  const { state, save } = useOrganisationSettings();
  return (
    <Stack gap="md" maw={960}>
      <Title order={1} size="h2">
        {t('settings.title')}
      </Title>
      <Tabs defaultValue="rules">
        <Tabs.List>
          <Tabs.Tab value="rules">{t('settings.tabs.rules')}</Tabs.Tab>
          <Tabs.Tab value="calendar">{t('settings.tabs.calendar')}</Tabs.Tab>
          <Tabs.Tab value="appearance">{t('settings.tabs.appearance')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="rules" pt="md">
          <Stack gap="md">
            <OrganisationSettingsForm state={state} onSave={save} />
            <DeadlineCheck />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="calendar" pt="md">
          <BusinessCalendarYear />
        </Tabs.Panel>
        <Tabs.Panel value="appearance" pt="md">
          <Stack gap="md">
            <AppearanceSection />
            <AboutSection />
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
