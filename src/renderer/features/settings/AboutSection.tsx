import { Card, Code, Stack, Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAppInfo } from '../../app/workstation';

export function AboutSection() {
  const { t } = useTranslation();
  const info = useAppInfo();
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="about-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="about-title">
          {t('settings.about.title')}
        </Title>
        <Table variant="vertical" layout="fixed" withTableBorder={false}>
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={180}>{t('settings.about.version')}</Table.Th>
              <Table.Td>{info.version}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{t('settings.about.host')}</Table.Th>
              <Table.Td>
                {info.host === 'electron'
                  ? t('settings.about.hostElectron')
                  : t('settings.about.hostBrowser')}{' '}
                ({info.os})
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{t('settings.about.dataDir')}</Table.Th>
              <Table.Td>
                <Code>{info.dataDir}</Code>
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  );
}
