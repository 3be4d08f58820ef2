/**
 * Export of the published report as CSV, XLSX or PDF (supervisors: the `export-report`
 * capability). The audit entry is written first, then the release is recorded in the register
 * (db/repositories/releases.ts: later reports are suppressed together with it); then the main
 * process audits the report with the earlier releases it overlaps, renders the file and saves it
 * where the person chooses (the browser host: `<data-dir>/exports/`). A cancelled or failed
 * export takes its release off the register again. What is sent is the PublishedReport and the
 * earlier releases' count cells only: slugs, months and numbers or `*`.
 */
import { Button, Group } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublishedReport, Report } from '../../../domain/reports';
import { useAction } from '../../app/action';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { bridge } from '../../bridge';
import { REPORT_FILE_FORMATS, type ReportFileFormat } from '../../../bridge/schemas/exports';
import { exportWithRelease } from './release-export';

/** `report:2026-04..2027-03` (one month: `report:2026-04`). */
export function reportAuditObject(from: string, to: string): string {
  return `report:${from === to ? from : `${from}..${to}`}`;
}

type Computed = { report: Report; published: PublishedReport };

export function ExportButtons({ computed }: { computed: Computed | null }) {
  const { t, i18n } = useTranslation();
  const { audit, profile, releases } = useWorkstationDb();
  const published = computed?.published ?? null;
  const clock = useClock();
  // The format last asked for: while the export runs its button shows progress, the others wait.
  const [chosen, setChosen] = useState<ReportFileFormat | null>(null);

  const exportReport = useAction(
    'report.export',
    async (asked: ReportFileFormat, { report, published: shown }: Computed) => {
      setChosen(asked);
      const { from, to, threshold, rows } = shown;
      const { byCounsellor } = report;
      // Recorded before the file is written: no export without its audit entry.
      await audit.append(
        {
          profile,
          action: 'export',
          object: reportAuditObject(from, to),
          reason: {
            code: 'report-exported',
            format: asked,
            threshold,
            byCounsellor,
            rows: rows.length,
          },
        },
        clock.now().getTime(),
      );
      // On the register before the file exists; off it again if the file was not saved. The
      // register changed (or not): the report reads it live and is worked out again.
      return exportWithRelease(
        () =>
          releases.record({
            releasedAtMs: clock.now().getTime(),
            profile,
            format: asked,
            from,
            to,
            threshold,
            byCounsellor,
            rows: rows.map((r) => ({ ...r })),
            counsellorAliases: { ...report.counsellorAliases },
          }),
        () =>
          bridge['report.export']({
            format: asked,
            // The bridge's schema type has mutable rows; the domain's are read-only.
            report: { ...shown, rows: [...shown.rows] },
            earlier: report.earlier.map((r) => ({
              period: r.period,
              measure: r.measure,
              category: r.category,
              value: r.value === '*' ? '*' : Number(r.value),
            })),
            language: i18n.language === 'ja' ? 'ja' : 'en',
            suggestedName: `clair-report-${from}-to-${to}.${asked}`,
          }),
        (releaseId) => releases.withdraw(releaseId, clock.now().getTime()),
      );
    },
    { failureTitle: t('reports.export.failed') },
  );
  const pending = exportReport.busy ? chosen : null;

  const exportAs = async (asked: ReportFileFormat) => {
    if (computed === null) return;
    const result = await exportReport.run(asked, computed);
    if (result === undefined) return;
    notifications.show({
      message: result.saved
        ? t('reports.export.saved', { format: asked.toUpperCase(), path: result.path })
        : t('reports.export.cancelled'),
      closeButtonProps: { 'aria-label': t('app.closeNotification') },
    });
  };

  return (
    <Group gap={6} role="group" aria-label={t('reports.export.title')} wrap="nowrap">
      {REPORT_FILE_FORMATS.map((format) => (
        <Button
          key={format}
          size="compact-sm"
          variant="default"
          leftSection={<IconDownload size={14} aria-hidden />}
          disabled={published === null || (pending !== null && pending !== format)}
          loading={pending === format}
          onClick={() => void exportAs(format)}
        >
          {t(`reports.export.${format}`)}
        </Button>
      ))}
    </Group>
  );
}
