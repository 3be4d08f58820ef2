import {
  Card,
  Group,
  SegmentedControl,
  Stack,
  Text,
  Title,
  useMantineColorScheme,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { setLanguage, type Language } from '../../i18n';

export function AppearanceSection() {
  const { t, i18n } = useTranslation();
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="appearance-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="appearance-title">
          {t('settings.appearance.title')}
        </Title>
        <Group gap="xl">
          <Stack gap={4}>
            <Text size="sm" fw={500} id="language-label">
              {t('settings.appearance.language')}
            </Text>
            <SegmentedControl
              aria-labelledby="language-label"
              value={i18n.language}
              onChange={(value) => void setLanguage(value as Language)}
              data={[
                { value: 'en', label: 'English' },
                { value: 'ja', label: '日本語' },
              ]}
            />
          </Stack>
          <Stack gap={4}>
            <Text size="sm" fw={500} id="theme-label">
              {t('settings.appearance.theme')}
            </Text>
            <SegmentedControl
              aria-labelledby="theme-label"
              value={colorScheme}
              onChange={(value) => setColorScheme(value as 'light' | 'dark' | 'auto')}
              data={[
                { value: 'light', label: t('settings.appearance.light') },
                { value: 'dark', label: t('settings.appearance.dark') },
                { value: 'auto', label: t('settings.appearance.auto') },
              ]}
            />
          </Stack>
        </Group>
      </Stack>
    </Card>
  );
}
