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
 *
 * The page composes ./ReportControls, ./ReportLegend, ./ReportTables and ./ReportCharts, the
 * preview, the releases and the ledger.
 */
import { Alert, Group, Loader, Stack, Tabs, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isCountMeasure, type Report, type ReportMeasure } from '../../../domain/reports';
import { can } from '../../../domain/privacy/roles';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { useOrganisationSettings } from '../../app/workstation';
import { periodProblem, presetPeriod } from './labels';
import { LedgerPanel } from './LedgerPanel';
import { ReportCharts } from './ReportCharts';
import { ReportControls } from './ReportControls';
import { ReportLegend } from './ReportLegend';
import { ReleasesPanel } from './ReleasesPanel';
import { ReportPreview } from './ReportPreview';
import { ReportTables } from './ReportTables';
import { useReport } from './useReport';
import './reports.css';

const TABS = ['report', 'preview', 'releases', 'ledger'] as const;
type Tab = (typeof TABS)[number];

/** True when the period holds something: a message, a session with an outcome, or a claim. */
function hasData(report: Report): boolean {
  return report.cells.some(
    (c) => c.category === 'all' && isCountMeasure(c.measure) && (c.raw ?? 0) > 0,
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
            <ReportControls
              period={period}
              problem={problem}
              nowMs={nowMs}
              onPeriod={(from, to) => setPeriod({ from, to })}
              byCounsellor={byCounsellor}
              setByCounsellor={setByCounsellor}
              mayExport={mayExport}
              computed={computed}
            />
            {status}
            {result.phase === 'ready' && tab !== 'releases' && (
              <ReportLegend
                threshold={result.report.threshold}
                linked={result.report.linkedReleases}
              />
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
