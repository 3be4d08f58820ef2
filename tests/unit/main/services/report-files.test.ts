import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { publishedReportSchema } from '../../../../src/bridge/schemas/reports';
import {
  CSV_HEADER,
  REPORT_TITLE,
  displayValue,
  measureTables,
  measureTitle,
  plainNumber,
  renderReportCsv,
  renderReportPdf,
  renderReportXlsx,
  reportMonths,
  sheetNames,
  suppressionLegend,
} from '../../../../src/main/services/report-files';
import { pdfInfo, pdfText, pdfTextPages } from './pdf-text';
import { sampleReport } from './report-fixtures';

async function readWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return workbook;
}

/** Every row of a sheet as an array of cell values, column A first. */
function sheetRows(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const values = row.values as unknown[];
    rows.push(values.slice(1).map((v) => (v === undefined ? null : v)));
  });
  return rows;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('report tables', () => {
  it('puts months in order, then spans, and the all category first', () => {
    const report = sampleReport();
    report.rows.reverse();
    const [received] = measureTables(report).filter((t) => t.measure === 'messages-received');
    expect(received!.periods).toEqual(['2026-04', '2026-05', '2026-06', '2026-04..2026-06']);
    expect(received!.categories[0]).toBe('all');
    expect(received!.value('language:ja', '2026-05')).toBe('*');
    expect(received!.value('language:ja', '2026-07')).toBeUndefined();
  });

  it('refuses a report with two rows for one cell', () => {
    const report = sampleReport();
    report.rows.push({ ...report.rows[0]!, value: 1 });
    expect(() => measureTables(report)).toThrow(/two rows for messages-received, all, 2026-04/);
  });

  it('lists the months of the report period and refuses a reversed one', () => {
    expect(reportMonths({ ...sampleReport(), from: '2026-11', to: '2027-02' })).toEqual([
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
    ]);
    expect(() => reportMonths({ ...sampleReport(), from: '2026-05', to: '2026-04' })).toThrow(
      /ends/,
    );
  });

  it('writes numbers in plain decimal notation', () => {
    expect(plainNumber(42)).toBe('42');
    expect(plainNumber(0.875)).toBe('0.875');
    expect(plainNumber(-0)).toBe('0');
    expect(plainNumber(1e-7)).toBe('0.0000001');
    expect(plainNumber(-2.5e-8)).toBe('-0.000000025');
    expect(plainNumber(1e21)).toBe('1000000000000000000000');
    expect(displayValue(1234.5678)).toBe('1,234.568');
    expect(displayValue('*')).toBe('*');
    expect(measureTitle('on-time-share')).toBe('On time share');
  });
});

describe('CSV', () => {
  it('has the header period,measure,category,value and CRLF line ends', () => {
    const csv = renderReportCsv(sampleReport());
    expect(csv.startsWith('period,measure,category,value\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('round-trips through papaparse: one line per row, in order, * kept', () => {
    const report = sampleReport();
    const parsed = Papa.parse<Record<string, string>>(renderReportCsv(report), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual([...CSV_HEADER]);
    expect(parsed.data).toEqual(
      report.rows.map((r) => ({
        period: r.period,
        measure: r.measure,
        category: r.category,
        value: String(r.value),
      })),
    );
    for (const row of parsed.data) expect(row.value).toMatch(/^(\*|-?\d+(\.\d+)?)$/);
  });

  it('is only the header for a report without rows', () => {
    expect(renderReportCsv({ ...sampleReport(), rows: [] })).toBe(
      'period,measure,category,value\r\n',
    );
  });
});

describe('XLSX', () => {
  it('has an About sheet, then one sheet per measure', async () => {
    const workbook = await readWorkbook(await renderReportXlsx(sampleReport()));
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'About',
      'messages-received',
      'on-time-share',
      'sessions',
      'topics',
    ]);
    const about = sheetRows(workbook.getWorksheet('About')!);
    expect(about[0]).toEqual([REPORT_TITLE]);
    expect(about).toEqual(
      expect.arrayContaining([
        ['From', '2026-04'],
        ['To', '2026-06'],
        ['Suppression threshold (T)', 10],
        ['Legend', suppressionLegend(10)],
        ['messages-received', 'messages-received'],
      ]),
    );
    expect(suppressionLegend(10)).toBe(
      '* = suppressed (fewer than 10 events or participants, or needed to protect one)',
    );
  });

  it('puts categories down and periods across: numbers as numbers, * as text', async () => {
    const workbook = await readWorkbook(await renderReportXlsx(sampleReport()));
    expect(sheetRows(workbook.getWorksheet('messages-received')!)).toEqual([
      ['category', '2026-04', '2026-05', '2026-06', '2026-04..2026-06'],
      ['all', 42, '*', 57, 118],
      ['language:en', 30, '*', 41, 83],
      ['language:ja', 12, '*', 16, '*'],
    ]);
    expect(sheetRows(workbook.getWorksheet('on-time-share')!)).toEqual([
      ['category', '2026-04', '2026-05', '2026-06'],
      ['all', 0.95, 0.875, '*'],
    ]);
    const sessions = workbook.getWorksheet('sessions')!;
    expect(sessions.getCell('B2').value).toBe(64);
    expect(sessions.getCell('B2').type).toBe(ExcelJS.ValueType.Number);
    expect(sessions.getCell('B3').value).toBe('*');
    expect(sessions.getCell('B3').type).toBe(ExcelJS.ValueType.String);
    expect(sessions.getCell('B5').value).toBe(0);
    // A category with no row for a period: an empty cell, not a zero.
    const topics = sheetRows(workbook.getWorksheet('topics')!);
    expect(topics).toEqual([
      ['category', '2026-04'],
      ['topic:work-stress', 11],
      ['counsellor:c-1', '*'],
    ]);
  });

  it('leaves a cell empty where the report has no row', async () => {
    const report = sampleReport();
    report.rows = report.rows.filter(
      (r) => !(r.category === 'language:en' && r.period === '2026-05'),
    );
    const sheet = (await readWorkbook(await renderReportXlsx(report))).getWorksheet(
      'messages-received',
    )!;
    expect(sheet.getCell('C3').value).toBeNull();
    expect(sheet.getCell('C2').value).toBe('*');
  });

  it('names sheets Excel allows: no colon, at most 31 characters, no clash', () => {
    const long = 'a-very-long-measure-name-that-goes-on-and-on';
    const names = sheetNames(['about', 'topic:en', long, `${long}-2`, 'History']);
    expect([...names.values()]).toEqual([
      'about~2',
      'topic_en',
      long.slice(0, 31),
      `${long.slice(0, 29)}~2`,
      'History~2',
    ]);
    for (const name of names.values()) expect(name.length).toBeLessThanOrEqual(31);
  });

  it('is the same bytes whatever the clock says, dated by the report', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2027-01-15T03:04:05Z'));
    const first = await renderReportXlsx(sampleReport());
    vi.setSystemTime(new Date('2031-08-09T10:11:12Z'));
    const second = await renderReportXlsx(sampleReport());
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    const workbook = await readWorkbook(first);
    expect(workbook.created.toISOString()).toBe('2026-07-01T00:00:00.000Z');
    expect(workbook.modified.toISOString()).toBe('2026-07-01T00:00:00.000Z');
    // Every zip entry carries the report's date, 2026-07-01 00:00 (DOS date and time).
    const view = new DataView(first.buffer, first.byteOffset, first.byteLength);
    const dosDate = ((2026 - 1980) << 9) | (7 << 5) | 1;
    let entries = 0;
    for (let i = 0; i + 4 <= first.byteLength; i += 1) {
      if (view.getUint32(i, true) !== 0x04034b50) continue;
      entries += 1;
      expect([view.getUint16(i + 10, true), view.getUint16(i + 12, true)]).toEqual([0, dosDate]);
    }
    expect(entries).toBeGreaterThan(5);
  });
});

describe('PDF', () => {
  it('says what the report is, its period, threshold and legend, and each measure', async () => {
    const bytes = await renderReportPdf(sampleReport());
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(bytes);
    expect(text).toContain(REPORT_TITLE);
    expect(text).toContain('Report period: April 2026 to June 2026');
    expect(text).toContain('Suppression threshold: T = 10');
    expect(text).toContain(suppressionLegend(10));
    for (const measure of ['messages-received', 'on-time-share', 'sessions', 'topics'])
      expect(text).toContain(measure);
    expect(text).toContain('Messages received');
    expect(text).toMatch(/language:ja +12 +\* +16 +\*/);
    expect(text).toMatch(/outcome:late-cancelled +\*/);
    expect(text).toContain('Page 1 of');
  });

  it('in Japanese: the same figures with Japanese words, in an embedded Japanese font', async () => {
    const bytes = await renderReportPdf(sampleReport(), { language: 'ja' });
    const text = await pdfText(bytes);
    expect(text).toContain('カウンセリングサービス利用状況（匿名化レポート）');
    expect(text).toContain('対象期間：2026年4月〜2026年6月');
    expect(text).toContain('秘匿の閾値：T = 10');
    expect(text).toContain('受信したメッセージ');
    // Tokens stay beside the words, so the PDF still matches the CSV.
    expect(text).toContain('messages-received');
    expect(text).toMatch(/日本語 +12 +\* +16 +\*/);
    expect(text).toMatch(/結果：直前キャンセル +\*/);
    expect(text).toContain('1 / ');
    expect(text).not.toContain('Category');
    expect(text).not.toContain('Report period');
    // The font is embedded as a subset: the file stays small.
    const latin1 = Buffer.from(bytes).toString('latin1');
    expect(latin1).toMatch(/\/FontFile2/);
    expect(latin1).toMatch(/NotoSansJP/);
    expect(bytes.length).toBeLessThan(400_000);
    const again = await renderReportPdf(sampleReport(), { language: 'ja' });
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
  });

  it('charts the all category per month, a suppressed month as a marked box', async () => {
    const text = await pdfText(await renderReportPdf(sampleReport()));
    // The figures over the bars: April 42, May suppressed (*), June 57.
    const chart = text.slice(text.indexOf('messages-received'), text.indexOf('Category'));
    expect(chart.split(/\s+/)).toEqual(expect.arrayContaining(['42', '*', '57', '2026-05']));
  });

  it('is A4, and the same bytes whatever the clock says, dated by the report', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2027-01-15T03:04:05Z'));
    const first = await renderReportPdf(sampleReport());
    vi.setSystemTime(new Date('2031-08-09T10:11:12Z'));
    const second = await renderReportPdf(sampleReport());
    vi.useRealTimers();
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    const info = await pdfInfo(first);
    expect(info).toMatchObject({
      Title: REPORT_TITLE,
      Creator: 'Counsellor Workstation',
      CreationDate: 'D:20260701000000Z',
      ModDate: 'D:20260701000000Z',
    });
    expect(Buffer.from(first).toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.2\d* 841\.8\d*\]/);
  });

  it('breaks a long report over pages and repeats the table head', async () => {
    const report = sampleReport();
    for (let i = 0; i < 90; i += 1)
      report.rows.push({
        period: '2026-04',
        measure: 'topics',
        category: `topic:t-${i}`,
        value: i,
      });
    const pages = await pdfTextPages(await renderReportPdf(report));
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.at(-1)).toContain('Topics (continued)');
    expect(pages.at(-1)).toContain('Category');
    expect(pages.at(-1)).toContain(`Page ${pages.length} of ${pages.length}`);
  });
});

describe('what the files hold', () => {
  /** The words every file may hold besides the report's own tokens and numbers. */
  const LABELS = new Set(
    [
      REPORT_TITLE,
      suppressionLegend(10),
      'Report period: April 2026 to June 2026',
      'Suppression threshold: T = 10 (T)',
      'Counts by month and category only: no identifiers, no free text, nothing finer than a month.',
      '– = no figure.',
      'Charts show the all category per month; a hatched box marked * is a suppressed month, and its height means nothing.',
      'Category (continued) Page of From To Legend Empty cell Sheet Measure Periods',
      'no figure for that category and period',
      'YYYY-MM is one month; YYYY-MM..YYYY-MM is a span of months',
      'Messages received On time share Sessions Topics',
      ...CSV_HEADER,
    ]
      .join(' ')
      .split(/\s+/)
      .map((w) => w.replace(/^[(]+|[),.;:]+$/g, '')),
  );

  function strays(text: string, report: ReturnType<typeof sampleReport>): string[] {
    const tokens = new Set(report.rows.flatMap((r) => [r.period, r.measure, r.category]));
    return text
      .split(/\s+/)
      .filter((w) => w !== '')
      .filter((w) => {
        const word = w.replace(/^[(]+|[),.;:]+$/g, '');
        return !(
          tokens.has(word) ||
          LABELS.has(word) ||
          /^-?[\d,]+(\.\d+)?$/.test(word) ||
          word === '*' ||
          word === '' ||
          w === '–' ||
          w === '·'
        );
      });
  }

  it('is nothing but the report tokens, numbers, * and fixed labels, in every format', async () => {
    const report = publishedReportSchema.parse(sampleReport());
    const csv = renderReportCsv(report);
    expect(strays(csv.replace(/,/g, ' '), report)).toEqual([]);

    const workbook = await readWorkbook(await renderReportXlsx(report));
    const cells = workbook.worksheets.flatMap((s) => sheetRows(s).flat());
    for (const cell of cells) expect(['string', 'number', 'object']).toContain(typeof cell);
    expect(cells.filter((c) => typeof c === 'object' && c !== null)).toEqual([]);
    expect(strays(cells.filter((c) => typeof c === 'string').join(' '), report)).toEqual([]);

    const pdf = await pdfText(await renderReportPdf(report));
    expect(strays(pdf, report)).toEqual([]);
    // Nothing finer than a month: no YYYY-MM-DD date and no time of day in any file.
    for (const text of [csv, cells.join(' '), pdf]) {
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(text).not.toMatch(/\d{1,2}:\d{2}/);
    }
  });

  it('cannot be given free text, a day or a note: the report schema refuses them', () => {
    const bad = (row: object) =>
      publishedReportSchema.safeParse({ ...sampleReport(), rows: [row] }).success;
    const ok = { period: '2026-11', measure: 'sessions', category: 'all', value: 12 };
    expect(bad(ok)).toBe(true);
    expect(bad({ ...ok, category: 'Emily Johnson' })).toBe(false);
    expect(bad({ ...ok, category: 'emily.johnson@example.com' })).toBe(false);
    expect(bad({ ...ok, measure: 'I feel alone' })).toBe(false);
    expect(bad({ ...ok, period: '2026-11-23' })).toBe(false);
    expect(bad({ ...ok, period: '2026-11-23..2026-11-30' })).toBe(false);
    expect(bad({ ...ok, value: '3 (Emily)' })).toBe(false);
    expect(bad({ ...ok, note: 'free text' })).toBe(false);
    expect(publishedReportSchema.safeParse({ ...sampleReport(), author: 'Dr Kim' }).success).toBe(
      false,
    );
  });
});
