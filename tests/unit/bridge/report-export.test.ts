import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBridgeRouter } from '../../../src/main/services/bridge-router';
import {
  createExportFiles,
  exportsFolderDestination,
} from '../../../src/main/services/export-files';
import { createBridgeHandlers } from '../../../src/main/services/handlers';
import { createLogger } from '../../../src/main/services/logger';
import { renderReportCsv } from '../../../src/main/services/report-files';
import { pdfText } from '../main/services/pdf-text';
import { sampleReport } from '../main/services/report-fixtures';

const quiet = createLogger({ sink: () => undefined });

async function setUp() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cw-report-export-'));
  const handlers = createBridgeHandlers({
    appInfo: {
      name: 'Counsellor Workstation',
      version: '0.1.0',
      host: 'browser-host',
      os: 'linux',
      dataDir,
      pinnedNow: null,
    },
    // report.export uses none of these.
    settings: {} as never,
    holidays: {} as never,
    keyStore: {} as never,
    auditAnchor: {} as never,
    // A proven supervisor (the refusal of other roles: export-authorisation.test.ts).
    roles: { requireCapability: () => undefined } as never,
    exports: createExportFiles({
      chooseDestination: exportsFolderDestination(dataDir),
      log: quiet,
    }),
  });
  const exportsDir = path.join(dataDir, 'exports');
  const written = async () => readdir(exportsDir).catch(() => [] as string[]);
  return { dispatch: createBridgeRouter(handlers, quiet), exportsDir, written };
}

const row = { period: '2026-11', measure: 'sessions', category: 'all', value: 12 };

/** A report as the app publishes it (nothing to work back): the export's happy path. */
function auditedReport() {
  const rows = [
    ['2026-04', 'all', 42],
    ['2026-04', 'language:en', 30],
    ['2026-04', 'language:ja', 12],
    ['2026-05', 'all', 19],
    ['2026-05', 'language:en', '*'],
    ['2026-05', 'language:ja', '*'],
    ['2026-06', 'all', 57],
    ['2026-06', 'language:en', 41],
    ['2026-06', 'language:ja', 16],
    ['2026-04..2026-06', 'all', 118],
    ['2026-04..2026-06', 'language:en', '*'],
    ['2026-04..2026-06', 'language:ja', '*'],
  ] as const;
  return {
    ...sampleReport(),
    rows: rows.map(([period, category, value]) => ({
      period,
      measure: 'messages-received',
      category,
      value,
    })),
  };
}

const input = (change: {
  report?: object;
  rows?: readonly object[];
  format?: string;
  name?: string;
}) => ({
  format: change.format ?? 'csv',
  suggestedName: change.name ?? `report.${change.format ?? 'csv'}`,
  report: { ...auditedReport(), ...(change.rows ? { rows: change.rows } : {}), ...change.report },
});

describe('report.export', () => {
  it(
    'renders each format in the main process and saves it, never over an earlier file',
    { timeout: 90_000 },
    async () => {
      const { dispatch, exportsDir } = await setUp();
      const csv = await dispatch('report.export', input({ format: 'csv' }));
      expect(csv).toMatchObject({
        ok: true,
        value: { saved: true, path: path.join(exportsDir, 'report.csv') },
      });
      expect(await readFile(path.join(exportsDir, 'report.csv'), 'utf8')).toBe(
        renderReportCsv(auditedReport()),
      );

      const again = await dispatch('report.export', input({ format: 'csv' }));
      expect(again).toMatchObject({
        ok: true,
        value: { path: path.join(exportsDir, 'report (2).csv') },
      });

      const xlsx = await dispatch(
        'report.export',
        input({ format: 'xlsx', name: 'usage-2026.xlsx' }),
      );
      expect(xlsx.ok).toBe(true);
      const workbook = await readFile(path.join(exportsDir, 'usage-2026.xlsx'));
      expect(workbook.subarray(0, 2).toString('latin1')).toBe('PK');

      const pdf = await dispatch('report.export', input({ format: 'pdf' }));
      const bytes = await readFile(path.join(exportsDir, 'report.pdf'));
      expect(pdf).toEqual({
        ok: true,
        value: { saved: true, path: path.join(exportsDir, 'report.pdf'), bytes: bytes.length },
      });
      expect(await pdfText(bytes)).toContain('Counselling service usage — anonymised report');
    },
  );

  it('refuses a report from which a suppressed count can be worked out, and writes nothing', async () => {
    const { dispatch, written } = await setUp();
    // The span's English total published: May's hidden English count is 83 − 30 − 41 = 12.
    const leaky = auditedReport();
    const rows = leaky.rows.map((r) =>
      r.period === '2026-04..2026-06' && r.category === 'language:en' ? { ...r, value: 83 } : r,
    );
    const result = await dispatch('report.export', {
      format: 'csv',
      suggestedName: 'report.csv',
      report: { ...leaky, rows },
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'failed' } });
    expect(result.ok ? '' : result.error.message).toMatch(/could be worked out/);
    expect(await written()).toEqual([]);
  });

  it('refuses a report that, read with an earlier release it overlaps, gives a count away', async () => {
    const { dispatch, written } = await setUp();
    // Alone, the report passes (first test). An earlier release published May's English count:
    // May's Japanese count is then 19 − 12 = 7, though this report hides it.
    const earlier = [
      { period: '2026-05', measure: 'messages-received', category: 'language:en', value: 12 },
    ];
    const refused = await dispatch('report.export', { ...input({}), earlier });
    expect(refused).toMatchObject({ ok: false, error: { code: 'failed' } });
    expect(await written()).toEqual([]);
    // The same earlier release with that count hidden too: exported.
    const hidden = [{ ...earlier[0], value: '*' }];
    const saved = await dispatch('report.export', { ...input({}), earlier: hidden });
    expect(saved).toMatchObject({ ok: true, value: { saved: true } });
  });

  it('writes the PDF in Japanese when asked, and refuses another language', async () => {
    const { dispatch, exportsDir, written } = await setUp();
    const ja = await dispatch('report.export', {
      ...input({ format: 'pdf' }),
      language: 'ja',
    });
    expect(ja).toMatchObject({ ok: true, value: { saved: true } });
    const text = await pdfText(await readFile(path.join(exportsDir, 'report.pdf')));
    expect(text).toContain('カウンセリングサービス利用状況（匿名化レポート）');
    const other = await dispatch('report.export', { ...input({ format: 'pdf' }), language: 'fr' });
    expect(other).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', path: ['language'] },
    });
    expect(await written()).toEqual(['report.pdf']);
  });

  it('refuses earlier releases that are not count cells of whole numbers or *', async () => {
    const { dispatch, written } = await setUp();
    const result = await dispatch('report.export', {
      ...input({}),
      earlier: [{ period: '2026-05', measure: 'sessions', category: 'Emily Johnson', value: 3 }],
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', path: ['earlier', 0, 'category'] },
    });
    const fraction = await dispatch('report.export', {
      ...input({}),
      earlier: [{ period: '2026-05', measure: 'sessions', category: 'all', value: 2.5 }],
    });
    expect(fraction).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', path: ['earlier', 0, 'value'] },
    });
    expect(await written()).toEqual([]);
  });

  it.each([
    [
      'free text as a category',
      { rows: [{ ...row, category: 'Emily Johnson' }] },
      ['report', 'rows', 0, 'category'],
    ],
    [
      'an e-mail address as a category',
      { rows: [{ ...row, category: 'emily@example.com' }] },
      ['report', 'rows', 0, 'category'],
    ],
    [
      'a day as a period',
      { rows: [{ ...row, period: '2026-11-23' }] },
      ['report', 'rows', 0, 'period'],
    ],
    [
      'a span of days',
      { rows: [{ ...row, period: '2026-11-23..2026-11-30' }] },
      ['report', 'rows', 0, 'period'],
    ],
    [
      'free text as a measure',
      { rows: [{ ...row, measure: 'Sessions with Emily' }] },
      ['report', 'rows', 0, 'measure'],
    ],
    ['a note on a row', { rows: [{ ...row, note: 'felt alone' }] }, ['report', 'rows', 0]],
    [
      'a value that is not a number or *',
      { rows: [{ ...row, value: '3 (Emily)' }] },
      ['report', 'rows', 0, 'value'],
    ],
    ['a field beside the rows', { report: { preparedBy: 'Dr Kim' } }, ['report']],
    ['a threshold below 5', { report: { threshold: 4 } }, ['report', 'threshold']],
    [
      'a period that ends before it starts',
      { report: { from: '2026-11', to: '2026-04' } },
      ['report', 'to'],
    ],
    [
      'a period longer than ten years',
      { report: { from: '2010-01', to: '2026-11' } },
      ['report', 'to'],
    ],
    ['two rows for one cell', { rows: [row, { ...row, value: 13 }] }, ['report', 'rows', 1]],
    ['a name with a folder', { name: '../report.csv' }, ['suggestedName']],
    ['a name with another extension', { name: 'report.pdf' }, ['suggestedName']],
    ['an unknown format', { format: 'html', name: 'report.html' }, ['format']],
  ] as const)('refuses %s, and writes nothing', async (_what, change, where) => {
    const { dispatch, written } = await setUp();
    const result = await dispatch('report.export', input(change));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid-input');
    expect(result.error.path).toEqual(where);
    expect(await written()).toEqual([]);
  });

  it('never echoes the refused text back in its error', async () => {
    const { dispatch } = await setUp();
    const result = await dispatch(
      'report.export',
      input({ rows: [{ ...row, category: 'Emily Johnson' }] }),
    );
    expect(JSON.stringify(result)).not.toContain('Emily');
  });
});
