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
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { bridge, BridgeCallError } from '../../bridge';
import { bridgeErrorText } from '../../app/bridge-words';
import { REPORT_FILE_FORMATS, type ReportFileFormat } from '../../../bridge/schemas/exports';

/** `report:2026-04..2027-03` (one month: `report:2026-04`). */
export function reportAuditObject(from: string, to: string): string {
  return `report:${from === to ? from : `${from}..${to}`}`;
}

export function ExportButtons({
  computed,
}: {
  computed: { report: Report; published: PublishedReport } | null;
}) {
  const { t, i18n } = useTranslation();
  const { audit, profile, releases } = useWorkstationDb();
  const published = computed?.published ?? null;
  const byCounsellor = computed?.report.byCounsellor ?? false;
  const clock = useClock();
  const [busy, setBusy] = useState<ReportFileFormat | null>(null);

  const exportAs = async (format: ReportFileFormat) => {
    if (computed === null || published === null) return;
    setBusy(format);
    const { from, to, threshold, rows } = published;
    let releaseId: string | null = null;
    let saved = false;
    try {
      // Recorded before the file is written: no export without its audit entry.
      await audit.append(
        {
          profile,
          action: 'export',
          object: reportAuditObject(from, to),
          reason: { code: 'report-exported', format, threshold, byCounsellor, rows: rows.length },
        },
        clock.now().getTime(),
      );
      // On the register before the file exists: no release may escape it.
      releaseId = await releases.record({
        releasedAtMs: clock.now().getTime(),
        profile,
        format,
        from,
        to,
        threshold,
        byCounsellor,
        rows: rows.map((r) => ({ ...r })),
        counsellorAliases: { ...computed.report.counsellorAliases },
      });
      const result = await bridge['report.export']({
        format,
        // The bridge's schema type has mutable rows; the domain's are read-only.
        report: { ...published, rows: [...published.rows] },
        earlier: computed.report.earlier.map((r) => ({
          period: r.period,
          measure: r.measure,
          category: r.category,
          value: r.value === '*' ? '*' : Number(r.value),
        })),
        language: i18n.language === 'ja' ? 'ja' : 'en',
        suggestedName: `clair-report-${from}-to-${to}.${format}`,
      });
      saved = result.saved;
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
        message: e instanceof BridgeCallError ? bridgeErrorText(e.error, t) : t('error.body'),
        closeButtonProps: { 'aria-label': t('app.closeNotification') },
      });
    } finally {
      // Nothing left the workstation: the release comes off the register.
      if (releaseId !== null && !saved) await releases.withdraw(releaseId).catch(() => undefined);
      // The register changed (or not): the report reads it live and is worked out again.
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
