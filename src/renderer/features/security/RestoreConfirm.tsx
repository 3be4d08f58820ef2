/**
 * The restore's confirmation (Settings → Security → Restore a backup): what would be replaced (the
 * counts on this workstation now) and what the backup holds (its date and counts); the red button
 * waits for a ticked box, and keeping the data changes nothing.
 */
import { Button, Checkbox, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClock } from '../../app/clock';
import { formatInstantNear } from '../../app/format';
import type { FieldCipher } from '../../db/crypto/field-cipher';
import {
  RESTORE_SUMMARY_TABLES,
  type BackupSummary,
  type ParsedBackup,
  type RestoreSummaryCounts,
} from '../../db/repositories/backup';

/** A backup checked and opened, waiting for the person's confirmation. */
export interface PendingRestore {
  parsed: ParsedBackup;
  backupKeys: FieldCipher;
  summary: BackupSummary;
  now: RestoreSummaryCounts;
}

/** What would be replaced, and by what; the replace button waits for the box to be ticked. */
export function RestoreConfirm({
  pending,
  onCancel,
  onConfirm,
}: {
  pending: PendingRestore;
  onCancel(): void;
  onConfirm(): void;
}) {
  const { t, i18n } = useTranslation();
  const clock = useClock();
  const [understood, setUnderstood] = useState(false);
  const made =
    pending.summary.createdAtMs === null
      ? t('security.restoreConfirm.unknownDate')
      : t('security.restoreConfirm.madeAt', {
          time: formatInstantNear(
            pending.summary.createdAtMs,
            clock.now().getTime(),
            i18n.language,
          ),
        });
  return (
    <Modal
      opened
      onClose={onCancel}
      title={t('security.restoreConfirm.title')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('app.close') }}
    >
      <Stack gap="sm" data-testid="restore-confirm">
        <Text size="sm">{t('security.restoreConfirm.what')}</Text>
        <Table withTableBorder striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('security.restoreConfirm.kind')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('security.restoreConfirm.now')}
              </Table.Th>
              <Table.Th scope="col" ta="right">
                {t('security.restoreConfirm.backup')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {RESTORE_SUMMARY_TABLES.map((name) => (
              <Table.Tr key={name}>
                <Table.Th scope="row" fw={400}>
                  {t(`security.restoreConfirm.tables.${name}`)}
                </Table.Th>
                <Table.Td ta="right">{pending.now[name].toLocaleString(i18n.language)}</Table.Td>
                <Table.Td ta="right">
                  {pending.summary.counts[name].toLocaleString(i18n.language)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="sm">{made}</Text>
        <Text size="sm" c="dimmed">
          {t('security.restoreConfirm.kept')}
        </Text>
        <Checkbox
          label={t('security.restoreConfirm.understood')}
          checked={understood}
          onChange={(e) => setUnderstood(e.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} data-autofocus>
            {t('security.restoreConfirm.cancel')}
          </Button>
          <Button color="red" disabled={!understood} onClick={onConfirm}>
            {t('security.restoreConfirm.replace')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
