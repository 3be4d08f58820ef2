import { Alert, Stack, Title } from '@mantine/core';
import { IconTools } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export type UnbuiltSection = 'queue' | 'sessions' | 'availability' | 'reports' | 'audit' | 'co';

/** A section whose issue has not landed yet says so plainly. */
export function SectionNotBuilt({ section }: { section: UnbuiltSection }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md" maw={760}>
      <Title order={1} size="h2">
        {t(`section.${section}.title`)}
      </Title>
      <Alert
        variant="light"
        color="gray"
        icon={<IconTools aria-hidden />}
        title={t('section.notBuiltTitle')}
      >
        {t(`section.${section}.notBuilt`)}
      </Alert>
    </Stack>
  );
}
