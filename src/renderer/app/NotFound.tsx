import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { routeHref, DEFAULT_ROUTE } from './routes';

export function NotFound({ path }: { path: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Title order={1} size="h2">
        {t('notFound.title')}
      </Title>
      <Text>{t('notFound.body', { path: `#${path}` })}</Text>
      <Anchor href={routeHref(DEFAULT_ROUTE)}>{t('notFound.back')}</Anchor>
    </Stack>
  );
}
