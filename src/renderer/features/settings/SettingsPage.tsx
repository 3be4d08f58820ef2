import { Stack, Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useOrganisationSettings } from '../../app/workstation';
import { AboutSection } from './AboutSection';
import { AppearanceSection } from './AppearanceSection';
import { BusinessCalendarYear } from './BusinessCalendarYear';
import { DeadlineCheck } from './DeadlineCheck';
import { OrganisationSettingsForm } from './OrganisationSettingsForm';
import { UpdatesSection } from './UpdatesSection';
import { ProfilesSection } from '../profiles/ProfilesSection';
import { SecuritySection } from '../security/SecuritySection';
import { SyncSection } from '../sync/SyncSection';

const TABS = [
  'rules',
  'calendar',
  'profiles',
  'sync',
  'security',
  'updates',
  'appearance',
] as const;
type Tab = (typeof TABS)[number];

/** Settings, one tab per part; `#/settings/profiles` opens a tab directly. */
export function SettingsPage({ path = '/settings' }: { path?: string }) {
  const { t } = useTranslation();
  const { state, save } = useOrganisationSettings();
  const asked = path.split('/')[2];
  const tab: Tab = (TABS as readonly string[]).includes(asked ?? '') ? (asked as Tab) : 'rules';
  return (
    <Stack gap="md" maw={960}>
      <Title order={1} size="h2">
        {t('settings.title')}
      </Title>
      <Tabs value={tab} onChange={(v) => v && window.location.replace(`#/settings/${v}`)}>
        <Tabs.List>
          <Tabs.Tab value="rules">{t('settings.tabs.rules')}</Tabs.Tab>
          <Tabs.Tab value="calendar">{t('settings.tabs.calendar')}</Tabs.Tab>
          <Tabs.Tab value="profiles">{t('settings.tabs.profiles')}</Tabs.Tab>
          <Tabs.Tab value="sync">{t('settings.tabs.sync')}</Tabs.Tab>
          <Tabs.Tab value="security">{t('settings.tabs.security')}</Tabs.Tab>
          <Tabs.Tab value="updates">{t('settings.tabs.updates')}</Tabs.Tab>
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
        <Tabs.Panel value="profiles" pt="md">
          <ProfilesSection />
        </Tabs.Panel>
        <Tabs.Panel value="sync" pt="md">
          {tab === 'sync' && <SyncSection />}
        </Tabs.Panel>
        <Tabs.Panel value="security" pt="md">
          {tab === 'security' && <SecuritySection />}
        </Tabs.Panel>
        <Tabs.Panel value="updates" pt="md">
          {tab === 'updates' && <UpdatesSection />}
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
