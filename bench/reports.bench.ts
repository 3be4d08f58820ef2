/**
 * Issue 8: the anonymised report of a fiscal year of the demo data, alone and made after two
 * earlier "year to date" releases it overlaps (April–June, April–September), which it is then
 * suppressed and audited with (docs/reports.md, "Successive releases"); and the joint audit the
 * export runs. Node, the domain code the worker runs.
 */
import { performance } from 'node:perf_hooks';
import { loadHolidayData } from '../src/cli/commands/shared';
import { createBusinessCalendar } from '../src/domain/calendar';
import { generateDemoDataset } from '../src/domain/dataset';
import {
  auditPublishedReport,
  buildReport,
  publish,
  reportInputFromDataset,
  type PublishedReport,
} from '../src/domain/reports';
import { DEFAULT_ORGANISATION_SETTINGS } from '../src/domain/settings/organisation-settings';
import type { SuiteResult } from './benchmark';

const RUNS = 5;
/** Ten times the default demo data: a busy year. */
const MESSAGES = 6_000;
const NOW_MS = Date.parse('2026-11-30T10:00:00+09:00');

export async function suite(): Promise<SuiteResult[]> {
  const calendar = createBusinessCalendar({
    holidays: loadHolidayData(),
    settings: DEFAULT_ORGANISATION_SETTINGS,
  });
  const dataset = generateDemoDataset({ calendar, messages: MESSAGES });
  const input = reportInputFromDataset(dataset);
  const options = { calendar, nowMs: NOW_MS, threshold: 10 };
  const earlier: PublishedReport[] = [];
  for (const to of ['2026-06', '2026-09']) {
    earlier.push(
      publish(buildReport(input, { ...options, from: '2026-04', to, earlier, byCounsellor: true })),
    );
  }
  const counsellorAliases = buildReport(input, {
    ...options,
    from: '2026-04',
    to: '2026-09',
    earlier,
    byCounsellor: true,
  }).counsellorAliases;
  const year = { ...options, from: '2026-04', to: '2027-03', byCounsellor: true };

  const alone: number[] = [];
  const linked: number[] = [];
  const audit: number[] = [];
  for (let i = 0; i <= RUNS; i += 1) {
    let t = performance.now();
    const single = publish(buildReport(input, year));
    const aloneMs = performance.now() - t;
    t = performance.now();
    const report = buildReport(input, { ...year, earlier, counsellorAliases });
    const published = publish(report);
    const linkedMs = performance.now() - t;
    t = performance.now();
    const verdict = auditPublishedReport(published, report.earlier);
    const auditMs = performance.now() - t;
    if (!verdict.ok || single.rows.length !== published.rows.length) {
      throw new Error(`the linked report failed its audit: ${verdict.problems[0] ?? 'rows'}`);
    }
    if (i === 0) continue; // warm-up
    alone.push(aloneMs);
    linked.push(linkedMs);
    audit.push(auditMs);
  }
  const messages = dataset.messages?.length ?? 0;
  return [
    {
      name: 'reports: a fiscal year by counsellor, alone',
      description: `buildReport and publish for 2026-04 to 2027-03 by counsellor, demo data of ${messages} messages with their sessions, no earlier release`,
      unit: 'ms',
      better: 'lower',
      target: 5_000,
      runs: alone,
    },
    {
      name: 'reports: the same, with 2 earlier releases it overlaps',
      description:
        'The same report made after the releases of April–June and April–September (suppressed and audited together with them)',
      unit: 'ms',
      better: 'lower',
      target: 5_000,
      runs: linked,
    },
    {
      name: 'reports: cost of the earlier releases, with / alone',
      description: 'Time with the earlier releases divided by time alone, per run',
      unit: 'ratio',
      better: 'lower',
      target: 5,
      runs: linked.map((ms, i) => ms / alone[i]!),
    },
    {
      name: 'reports: joint audit before export',
      description:
        'auditPublishedReport of that report with the earlier cells (what report.export runs in the main process)',
      unit: 'ms',
      better: 'lower',
      target: 5_000,
      runs: audit,
    },
  ];
}
