/**
 * Export of the published report as CSV, XLSX or PDF (supervisors: the `export-report`
 * capability). The audit entry is written first; then the main process renders the file and saves
 * it where the person chooses (the browser host: `<data-dir>/exports/`). What is sent is the
 * PublishedReport only: slugs, months and numbers or `*`.
 */
import { Button, Group } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublishedReport } from '../../../domain/reports';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { bridge, BridgeCallError } from '../../bridge';
import { REPORT_FILE_FORMATS, type ReportFileFormat } from '../../../bridge/schemas/exports';

/** `report:2026-04..2027-03` (one month: `report:2026-04`). */
export function reportAuditObject(from: string, to: string): string {
  return `report:${from === to ? from : `${from}..${to}`}`;
}

export function ExportButtons({
  published,
  byCounsellor,
}: {
  published: PublishedReport | null;
  byCounsellor: boolean;
}) {
  const { t } = useTranslation();
  const { audit, profile } = useWorkstationDb();
  const clock = useClock();
  const [busy, setBusy] = useState<ReportFileFormat | null>(null);

  const exportAs = async (format: ReportFileFormat) => {
    if (published === null) return;
    setBusy(format);
    const { from, to, threshold, rows } = published;
    try {
      // Recorded before the file is written: no export without its audit entry.
      await audit.append(
        {
          profile,
          action: 'export',
          object: reportAuditObject(from, to),
          reason: `anonymised report ${format.toUpperCase()} (T=${threshold}${byCounsellor ? ', by counsellor' : ''}, ${rows.length} rows)`,
        },
        clock.now().getTime(),
      );
      // No dataChanged(): the report's data did not change (the audit page reads the log when shown).
      const result = await bridge['report.export']({
        format,
        // The bridge's schema type has mutable rows; the domain's are read-only.
        report: { ...published, rows: [...published.rows] },
        suggestedName: `clair-report-${from}-to-${to}.${format}`,
      });
      notifications.show({
        message: result.saved
          ? t('reports.export.saved', { format: format.toUpperCase(), path: result.path })
          : t('reports.export.cancelled'),
        closeButtonProps: { 'aria-label': t('app.closeNotification') },
      });
    } catch (e) {
      notifications.show({
        color: 'red',
        title: t('reports.export.failed'),
        message: e instanceof BridgeCallError ? e.message : t('error.body'),
        closeButtonProps: { 'aria-label': t('app.closeNotification') },
      });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Group gap={6} role="group" aria-label={t('reports.export.title')} wrap="nowrap">
      {REPORT_FILE_FORMATS.map((format) => (
        <Button
          key={format}
          size="compact-sm"
          variant="default"
          leftSection={<IconDownload size={14} aria-hidden />}
          disabled={published === null || (busy !== null && busy !== format)}
          loading={busy === format}
          onClick={() => void exportAs(format)}
        >
          {t(`reports.export.${format}`)}
        </Button>
      ))}
    </Group>
  );
}
