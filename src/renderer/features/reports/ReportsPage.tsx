/**
 * Reports (#/reports; issue 8): the anonymised usage report for CLAIR over a period of JST months,
 * as tables per measure and charts of the `all` category by month, with the suppression shown
 * plainly; a preview of exactly what the files will hold (#/reports/preview); exports as CSV, XLSX
 * and PDF for supervisors; the register of releases already exported (#/reports/releases), with
 * which each new report is suppressed; and the Counselling Assistance Programme ledger
 * (#/reports/ledger).
 *
 * The page's report state is the domain's Report and PublishedReport only: no record, name,
 * identifier or text (the input is read and computed in ./useReport and a worker).
 */
import {
  Alert,
  Badge,
  Card,
  Group,
  Loader,
  Select,
  Stack,
  Switch,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  SUPPRESSED_MARKER,
  isCountMeasure,
  isDerivedMeasure,
  type Report,
  type ReportCell,
  type ReportMeasure,
} from '../../../domain/reports';
import { can } from '../../../domain/privacy/roles';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { useOrganisationSettings } from '../../app/workstation';
import { ExportButtons } from './ExportButtons';
import { monthsBetween, periodProblem, presetPeriod } from './labels';
import { LedgerPanel } from './LedgerPanel';
import { MeasureTable } from './MeasureTable';
import { PeriodPicker } from './PeriodPicker';
import { ReportCharts } from './ReportCharts';
import { ReleasesPanel } from './ReleasesPanel';
import { ReportPreview } from './ReportPreview';
import { useReport } from './useReport';
import './reports.css';

const TABS = ['report', 'preview', 'releases', 'ledger'] as const;
type Tab = (typeof TABS)[number];

/** Cells by measure, then by `category|period`. */
function indexCells(report: Report): Map<ReportMeasure, Map<string, ReportCell>> {
  const index = new Map<ReportMeasure, Map<string, ReportCell>>();
  for (const cell of report.cells) {
    let cells = index.get(cell.measure);
    if (!cells) index.set(cell.measure, (cells = new Map()));
    cells.set(`${cell.category}|${cell.period}`, cell);
  }
  return index;
}

/** True when the period holds something: a message, a session with an outcome, or a claim. */
function hasData(report: Report): boolean {
  return report.cells.some(
    (c) => c.category === 'all' && isCountMeasure(c.measure) && (c.raw ?? 0) > 0,
  );
}

function Legend({ threshold, linked }: { threshold: number; linked: number }) {
  const { t } = useTranslation();
  return (
    <Alert
      color="gray"
      variant="light"
      title={t('reports.legendTitle')}
      data-testid="report-legend"
    >
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Badge variant="outline" color="gray" size="lg" radius="sm" aria-hidden>
          {SUPPRESSED_MARKER}
        </Badge>
        <Stack gap={4}>
          <Text size="sm">{t('reports.legend', { max: threshold - 1, threshold })}</Text>
          <Text size="sm">{t('reports.derivedNote', { threshold })}</Text>
          {linked > 0 && (
            <Text size="sm" data-testid="report-linked">
              {t('reports.linkedReleases', { count: linked })}
            </Text>
          )}
        </Stack>
      </Group>
    </Alert>
  );
}

function ReportTables({
  report,
  chosen,
  setChosen,
}: {
  report: Report;
  /** Kept by the page: the report is worked out again (new data, an export) without losing it. */
  chosen: ReportMeasure;
  setChosen: (measure: ReportMeasure) => void;
}) {
  const { t } = useTranslation();
  const measure = report.measures.includes(chosen) ? chosen : report.measures[0]!;
  const cells = useMemo(() => indexCells(report), [report]);
  const measureCells = cells.get(measure) ?? new Map<string, ReportCell>();
  const notPublished =
    isDerivedMeasure(measure) &&
    [...measureCells.values()].some((c) => c.status === 'not-published');
  return (
    <Stack gap="xs" component="section" aria-labelledby="report-tables-title">
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h4" id="report-tables-title">
          {t(`reports.measures.${measure}`)}
        </Title>
        <Select
          label={t('reports.measure')}
          data={report.measures.map((m) => ({ value: m, label: t(`reports.measures.${m}`) }))}
          value={measure}
          onChange={(v) => v && setChosen(v as ReportMeasure)}
          allowDeselect={false}
          w={340}
          size="xs"
          data-testid="report-measure"
        />
      </Group>
      <MeasureTable report={report} measure={measure} cells={measureCells} />
      {notPublished && (
        <Text size="sm" c="dimmed" data-testid="report-derived-note">
          {t('reports.derivedNotPublished', { threshold: report.threshold })}
        </Text>
      )}
    </Stack>
  );
}

export function ReportsPage({ path = '/reports' }: { path?: string }) {
  const { t } = useTranslation();
  const { currentProfile } = useWorkstationDb();
  const { state: settingsState } = useOrganisationSettings();
  const threshold = settingsState.settings.reportSuppressionThreshold;
  const clock = useClock();
  const nowMs = clock.now().getTime();
  const asked = path.split('/')[2];
  const tab: Tab = (TABS as readonly string[]).includes(asked ?? '') ? (asked as Tab) : 'report';
  const [period, setPeriod] = useState(() => presetPeriod('thisFiscalYear', nowMs));
  const [byCounsellor, setByCounsellor] = useState(false);
  const [measure, setMeasure] = useState<ReportMeasure>('messages-received');
  const problem = periodProblem(period.from, period.to);
  const request = useMemo(
    () => (problem === null ? { from: period.from, to: period.to, byCounsellor } : null),
    [problem, period, byCounsellor],
  );
  const result = useReport(request);
  const mayExport = can(currentProfile.role, 'export-report');
  const computed =
    result.phase === 'ready' ? { report: result.report, published: result.published } : null;

  const status =
    result.phase === 'loading' ? (
      <Group gap="xs">
        <Loader size="sm" aria-hidden />
        <Text size="sm" role="status">
          {t('reports.loading')}
        </Text>
      </Group>
    ) : result.phase === 'failed' ? (
      <Alert color="red" role="alert" title={t('reports.failed')} data-testid="report-failed">
        {result.detail ?? t('reports.failedBody')}
      </Alert>
    ) : null;

  return (
    <Stack gap="md" data-testid="reports-page">
      <Stack gap={2}>
        <Title order={1} size="h2">
          {t('reports.title')}
        </Title>
        <Text size="sm" c="dimmed" maw={900}>
          {t('reports.description', { threshold })}
        </Text>
      </Stack>
      <Tabs
        value={tab}
        onChange={(v) =>
          v && window.location.replace(v === 'report' ? '#/reports' : `#/reports/${v}`)
        }
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="report">{t('reports.tabs.report')}</Tabs.Tab>
          <Tabs.Tab value="preview">{t('reports.tabs.preview')}</Tabs.Tab>
          <Tabs.Tab value="releases">{t('reports.tabs.releases')}</Tabs.Tab>
          <Tabs.Tab value="ledger">{t('reports.tabs.ledger')}</Tabs.Tab>
        </Tabs.List>
        {tab !== 'ledger' && (
          <Stack gap="sm" pt="md">
            <Card withBorder padding="sm">
              <Stack gap="xs">
                <PeriodPicker
                  from={period.from}
                  to={period.to}
                  problem={problem}
                  nowMs={nowMs}
                  onPeriod={(from, to) => setPeriod({ from, to })}
                />
                <Group justify="space-between" gap="sm">
                  <Group gap="md">
                    <Switch
                      label={t('reports.period.byCounsellor')}
                      checked={byCounsellor}
                      onChange={(e) => setByCounsellor(e.currentTarget.checked)}
                      size="sm"
                    />
                    <Text size="sm" c="dimmed" data-testid="report-period-summary">
                      {problem === null &&
                        t('reports.period.summary', {
                          from: period.from,
                          to: period.to,
                          count: monthsBetween(period.from, period.to),
                        })}
                    </Text>
                  </Group>
                  {!mayExport && (
                    <Text size="sm" c="dimmed" data-testid="report-export-note">
                      {t('reports.export.onlySupervisor')}
                    </Text>
                  )}
                </Group>
                {mayExport && (
                  <Group justify="flex-end" gap="sm">
                    <Text size="xs" c="dimmed">
                      {t('reports.export.explain')}
                    </Text>
                    <ExportButtons computed={computed} />
                  </Group>
                )}
              </Stack>
            </Card>
            {status}
            {result.phase === 'ready' && tab !== 'releases' && (
              <Legend threshold={result.report.threshold} linked={result.report.linkedReleases} />
            )}
          </Stack>
        )}
        <Tabs.Panel value="report" pt="md">
          {result.phase === 'ready' &&
            (hasData(result.report) ? (
              <Stack gap="lg">
                <ReportTables report={result.report} chosen={measure} setChosen={setMeasure} />
                <ReportCharts report={result.report} />
              </Stack>
            ) : (
              <Alert color="gray" data-testid="report-empty">
                {t('reports.empty', { from: result.report.from, to: result.report.to })}
              </Alert>
            ))}
        </Tabs.Panel>
        <Tabs.Panel value="preview" pt="md">
          {result.phase === 'ready' && (
            <ReportPreview
              key={`${result.published.from}..${result.published.to}|${result.report.byCounsellor}`}
              published={result.published}
            />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="releases" pt="md">
          <ReleasesPanel period={problem === null ? period : null} />
        </Tabs.Panel>
        <Tabs.Panel value="ledger" pt="md">
          <LedgerPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
