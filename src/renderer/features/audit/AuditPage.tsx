import { Alert, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditChainVerdict } from '../../../domain/audit';
import { useData } from '../../app/data';
import { useWorkstationDb } from '../../app/database';
import { formatInstant } from '../../app/format';
import type { ListedAuditEntry } from '../../db/repositories/audit';
import { auditReasonWords } from './reason-words';
import { useAuditObjectNames } from './useAuditObjectNames';

/** The append-only audit log, newest first, with a check of its hash chain. */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const { audit } = useWorkstationDb();
  // Live: an entry written anywhere (a reveal, an export, a role change) shows at once.
  const list = useData('audit.list', () => audit.list({ limit: 500 }), [audit]);
  const entries: ListedAuditEntry[] | null = list.data ?? null;
  const [verdict, setVerdict] = useState<AuditChainVerdict | 'running' | null>(null);
  // Objects are named as a person recognises them, never by an id (issue 13).
  const objectName = useAuditObjectNames((entries ?? []).map((e) => e.object));

  const verify = async () => {
    setVerdict('running');
    setVerdict(await audit.verify());
  };

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('audit.title')}
      </Title>
      <Text size="sm" c="dimmed" maw={760}>
        {t('audit.description')}
      </Text>
      <Group>
        <Button variant="default" onClick={() => void verify()} loading={verdict === 'running'}>
          {t('audit.verify')}
        </Button>
        {verdict !== null && verdict !== 'running' && (
          <Alert
            color={verdict.ok ? 'teal' : 'red'}
            role="status"
            data-testid="audit-verdict"
            py={6}
          >
            {verdict.ok
              ? t('audit.ok', { count: verdict.count })
              : t('audit.broken', {
                  at: verdict.brokenAt,
                  reason: t(`audit.reasons.${verdict.reason}`),
                })}
          </Alert>
        )}
      </Group>
      {list.error && (
        <Alert color="red" role="alert">
          {t('audit.loadFailed')}
        </Alert>
      )}
      {entries !== null && entries.length === 0 ? (
        <Alert color="gray">{t('audit.empty')}</Alert>
      ) : (
        <Table striped withTableBorder data-testid="audit-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>{t('audit.when')}</Table.Th>
              <Table.Th>{t('audit.who')}</Table.Th>
              <Table.Th>{t('audit.action')}</Table.Th>
              <Table.Th>{t('audit.object')}</Table.Th>
              <Table.Th>{t('audit.reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(entries ?? []).map((e) => (
              <Table.Tr key={e.seq}>
                <Table.Td>{e.seq}</Table.Td>
                <Table.Td>{formatInstant(e.atMs, i18n.language)}</Table.Td>
                <Table.Td>{e.profile}</Table.Td>
                <Table.Td>
                  {t(`audit.actions.${e.action as 'reveal'}`, { defaultValue: e.action })}
                </Table.Td>
                <Table.Td>{objectName(e.object)}</Table.Td>
                <Table.Td>
                  {e.reason !== null ? (
                    auditReasonWords(e.reason, t, i18n.language)
                  ) : (
                    <Group gap={4} wrap="nowrap" component="span">
                      <IconAlertTriangle size={14} aria-hidden />
                      <Text span size="sm" fw={600}>
                        {t('audit.reasonUnreadable')}
                      </Text>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
