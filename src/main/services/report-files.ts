/**
 * The anonymised report's files (issue 8, item 4): CSV, XLSX and a printable PDF, rendered in the
 * main process from a `PublishedReport` that the domain has already aggregated and suppressed.
 * Nothing here computes, rounds away or un-suppresses a figure: every cell is the row's value, and
 * every `*` stays `*` (in the chart, a hatched box of full height that says nothing of its size).
 * The files hold the report's own tokens (measure, category, period), numbers and fixed labels;
 * the report has no field that could carry an identifier, a name or free text, and its periods are
 * months or spans of months.
 *
 * Deterministic: the same report gives the same bytes. The files' own dates (XLSX document
 * properties and zip entries, PDF creation date) are not the clock's but the report's: the first
 * day of the month after its period, 00:00 UTC, so they say nothing finer than a month either.
 *
 * The PDF is in English (the standard Helvetica font, no font file) or Japanese (Noto Sans JP,
 * regular and bold, embedded as subsets): ./report-pdf-text has the fixed words of each.
 */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import PDFDocument from 'pdfkit';
import { REPORT_EXPORT_MAX_MONTHS } from '../../bridge/schemas/exports';
import type { PublishedReport } from '../../bridge/schemas/reports';
import {
  PDF_TEXT,
  REPORT_TITLE,
  japaneseFontFiles,
  measureTitle,
  type PdfFontFiles,
  type PdfLanguage,
  type PdfText,
} from './report-pdf-text';

export { REPORT_TITLE, measureTitle };

type ReportRow = PublishedReport['rows'][number];
type ReportValue = ReportRow['value'];

export const CSV_HEADER = ['period', 'measure', 'category', 'value'] as const;
/** CSV lines end in CRLF (RFC 4180), the last one too. */
export const CSV_NEWLINE = '\r\n';
const CREATOR = 'Counsellor Workstation';

/** The legend of the suppression marker, with the report's threshold T. */
export function suppressionLegend(threshold: number): string {
  return `* = suppressed (fewer than ${threshold} events or participants, or needed to protect one)`;
}

// ---------------------------------------------------------------------------------------------
// The report as tables: one per measure, categories down, periods across.

/** One measure's figures: `value(category, period)` is undefined where the report has no row. */
export interface MeasureTable {
  measure: string;
  /** Months in order, then spans of months in order. */
  periods: string[];
  /** `all` first, then the others in the order the report lists them. */
  categories: string[];
  value(category: string, period: string): ReportValue | undefined;
}

const isSpan = (period: string) => period.includes('..');
const comparePeriods = (a: string, b: string) =>
  Number(isSpan(a)) - Number(isSpan(b)) || (a < b ? -1 : a > b ? 1 : 0);

/** The report's tables, one per measure in the order the report first lists them. */
export function measureTables(report: PublishedReport): MeasureTable[] {
  const byMeasure = new Map<string, ReportRow[]>();
  for (const row of report.rows) {
    const rows = byMeasure.get(row.measure) ?? [];
    rows.push(row);
    byMeasure.set(row.measure, rows);
  }
  return [...byMeasure].map(([measure, rows]) => {
    const cells = new Map<string, ReportValue>();
    for (const row of rows) {
      const key = `${row.category} ${row.period}`;
      if (cells.has(key))
        throw new RangeError(
          `the report has two rows for ${row.measure}, ${row.category}, ${row.period}`,
        );
      cells.set(key, row.value);
    }
    const categories = [...new Set(rows.map((r) => r.category))];
    const all = categories.indexOf('all');
    if (all > 0) categories.unshift(...categories.splice(all, 1));
    return {
      measure,
      periods: [...new Set(rows.map((r) => r.period))].sort(comparePeriods),
      categories,
      value: (category, period) => cells.get(`${category} ${period}`),
    };
  });
}

/** Every month of the report period, `YYYY-MM`, in order. */
export function reportMonths(report: PublishedReport): string[] {
  const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
  const first = index(report.from);
  const last = index(report.to);
  if (last < first) throw new RangeError(`the report period ends (${report.to}) before it starts`);
  if (last - first + 1 > REPORT_EXPORT_MAX_MONTHS)
    throw new RangeError(`the report period is longer than ${REPORT_EXPORT_MAX_MONTHS} months`);
  const months: string[] = [];
  for (let i = first; i <= last; i += 1)
    months.push(
      `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`,
    );
  return months;
}

/** The files' date: the first day of the month after the report period, 00:00 UTC. */
export function reportFileDate(report: PublishedReport): Date {
  const date = new Date(0);
  date.setUTCFullYear(Number(report.to.slice(0, 4)), Number(report.to.slice(5, 7)), 1);
  return date;
}

/** A number in plain decimal notation, never with an exponent (`1e-7` → `0.0000001`). */
export function plainNumber(value: number): string {
  if (Object.is(value, -0)) return '0';
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (match === null) return text;
  // Numbers from 1e21 up are integers: their exact value. Below 1e-6: shift the decimal point.
  if (Number.isInteger(value)) return BigInt(value).toString();
  const [, sign, lead, fraction = '', exponent] = match;
  return `${sign}0.${'0'.repeat(-Number(exponent) - 1)}${lead}${fraction}`;
}

// ---------------------------------------------------------------------------------------------
// CSV

/** The report in long form: `period,measure,category,value`, one line per row, CRLF. */
export function renderReportCsv(report: PublishedReport): string {
  const data = report.rows.map((row) => [
    row.period,
    row.measure,
    row.category,
    row.value === '*' ? '*' : plainNumber(row.value),
  ]);
  // Tokens are slugs and values numbers or `*`: nothing a spreadsheet would run as a formula.
  const text = Papa.unparse(
    { fields: [...CSV_HEADER], data },
    { newline: CSV_NEWLINE, quotes: false, escapeFormulae: false, header: true },
  );
  // Papa ends the header line itself when there is no row; otherwise the last line has no end.
  return text.endsWith(CSV_NEWLINE) ? text : text + CSV_NEWLINE;
}

// ---------------------------------------------------------------------------------------------
// XLSX

/** Names of worksheets Excel refuses or keeps for itself. */
const RESERVED_SHEET_NAMES = ['about', 'history'];

/** Sheet names for the measures: the measure itself when Excel allows it, else a close name. */
export function sheetNames(measures: readonly string[]): Map<string, string> {
  const taken = new Set(RESERVED_SHEET_NAMES);
  const names = new Map<string, string>();
  for (const measure of measures) {
    // Excel: at most 31 characters, none of : \ / ? * [ ] (tokens can only hold the colon).
    const base = measure.replace(/:/g, '_').slice(0, 31);
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n += 1)
      name = `${base.slice(0, 31 - String(n).length - 1)}~${n}`;
    taken.add(name.toLowerCase());
    names.set(measure, name);
  }
  return names;
}

/**
 * The report as a workbook: a first sheet "About" (title, period, threshold, legend, and which
 * sheet holds which measure), then one sheet per measure with the categories down and the periods
 * across. Figures are number cells; `*` is a text cell; a cell the report has no row for is empty.
 */
export async function renderReportXlsx(report: PublishedReport): Promise<Uint8Array> {
  const tables = measureTables(report);
  const names = sheetNames(tables.map((t) => t.measure));
  const date = reportFileDate(report);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = CREATOR;
  workbook.lastModifiedBy = CREATOR;
  workbook.created = date;
  workbook.modified = date;
  workbook.title = REPORT_TITLE;

  const about = workbook.addWorksheet('About');
  about.columns = [{ width: 28 }, { width: 92 }];
  about.addRow([REPORT_TITLE]).font = { bold: true, size: 14 };
  about.addRow([]);
  about.addRow(['From', report.from]);
  about.addRow(['To', report.to]);
  about.addRow(['Suppression threshold (T)', report.threshold]).getCell(2).alignment = {
    horizontal: 'left',
  };
  about.addRow(['Legend', suppressionLegend(report.threshold)]);
  about.addRow(['Empty cell', 'no figure for that category and period']);
  about.addRow(['Periods', 'YYYY-MM is one month; YYYY-MM..YYYY-MM is a span of months']);
  about.addRow([]);
  about.addRow(['Sheet', 'Measure']).font = { bold: true };
  for (const table of tables) about.addRow([names.get(table.measure), table.measure]);

  for (const table of tables) {
    const sheet = workbook.addWorksheet(names.get(table.measure), {
      views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }],
    });
    sheet.columns = [
      { width: Math.max(12, ...table.categories.map((c) => c.length + 2)) },
      ...table.periods.map((p) => ({ width: Math.max(10, p.length + 2) })),
    ];
    sheet.addRow(['category', ...table.periods]).font = { bold: true };
    for (const category of table.categories) {
      const row = sheet.addRow([
        category,
        ...table.periods.map((period) => table.value(category, period) ?? null),
      ]);
      row.eachCell((cell, column) => {
        if (column > 1 && cell.value === '*') cell.alignment = { horizontal: 'right' };
      });
    }
  }
  const written = await workbook.xlsx.writeBuffer();
  return withZipDates(new Uint8Array(written as ArrayBuffer), date);
}

/**
 * Sets the modification date of every entry of a zip file (its local header and its central
 * directory record), in place. ExcelJS's zip writer stamps entries with the clock; the report's
 * date instead makes the file deterministic. Dates outside DOS's 1980–2107 become 1980-01-01.
 */
function withZipDates(zip: Uint8Array, date: Date): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const year = date.getUTCFullYear();
  const inRange = year >= 1980 && year <= 2107;
  const dosDate = inRange
    ? ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate()
    : (1 << 5) | 1;
  const dosTime = inRange
    ? (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1)
    : 0;
  let end = -1;
  for (let i = zip.byteLength - 22; i >= Math.max(0, zip.byteLength - 22 - 0xffff); i -= 1) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('the workbook is not a zip file');
  const entries = view.getUint16(end + 10, true);
  let record = view.getUint32(end + 16, true);
  for (let n = 0; n < entries; n += 1) {
    if (view.getUint32(record, true) !== 0x02014b50) throw new Error('unexpected zip layout');
    const local = view.getUint32(record + 42, true);
    if (view.getUint32(local, true) !== 0x04034b50) throw new Error('unexpected zip layout');
    view.setUint16(record + 12, dosTime, true);
    view.setUint16(record + 14, dosDate, true);
    view.setUint16(local + 10, dosTime, true);
    view.setUint16(local + 12, dosDate, true);
    record +=
      46 +
      view.getUint16(record + 28, true) +
      view.getUint16(record + 30, true) +
      view.getUint16(record + 32, true);
  }
  return zip;
}

// ---------------------------------------------------------------------------------------------
// PDF

export interface ReportPdfOptions {
  /** The PDF's language (default English). */
  language?: PdfLanguage;
  /** The Japanese font files (default: found through the font package). */
  fonts?: PdfFontFiles;
}

const PAGE = { margin: 50, top: 56, bottom: 60 };
const COLOURS = {
  text: '#1a1a1a',
  muted: '#555555',
  rule: '#b0b0b0',
  bar: '#3b5b8c',
  head: '#e8ecf2',
};
interface Fonts {
  regular: string;
  bold: string;
  mono: string;
}
const STANDARD_FONTS: Fonts = { regular: 'Helvetica', bold: 'Helvetica-Bold', mono: 'Courier' };

/** A figure as the PDF shows it: grouped thousands, at most three decimals; `*` as it is. */
export function displayValue(value: ReportValue | undefined): string {
  if (value === undefined) return '–';
  if (value === '*') return '*';
  return value.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

type Doc = PDFKit.PDFDocument;
type Align = 'left' | 'right' | 'center';

/**
 * The report as a printable A4 PDF: title, period, threshold and legend, then one section per
 * measure with a bar chart of its `all` category per month (when the report has one) and a table
 * of every category and period. Drawn with vector shapes and the standard fonts only.
 */
export async function renderReportPdf(
  report: PublishedReport,
  options: ReportPdfOptions = {},
): Promise<Uint8Array> {
  const tables = measureTables(report);
  const months = reportMonths(report);
  const date = reportFileDate(report);
  const text = PDF_TEXT[options.language ?? 'en'];
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.margin, right: PAGE.margin },
    bufferPages: true,
    lang: text.lang,
    displayTitle: true,
    info: {
      Title: text.title,
      Subject: text.subject(report.from, report.to),
      Creator: CREATOR,
      Producer: CREATOR,
      CreationDate: date,
      ModDate: date,
    },
  });
  const bytes = collect(doc);
  let fonts = STANDARD_FONTS;
  if (options.language === 'ja') {
    const files = options.fonts ?? japaneseFontFiles();
    doc.registerFont('jp-regular', files.regular);
    doc.registerFont('jp-bold', files.bold);
    fonts = { regular: 'jp-regular', bold: 'jp-bold', mono: 'Courier' };
  }
  const pdf = new ReportPdf(doc, text, fonts);

  pdf.heading(report);
  for (const table of tables) pdf.measureSection(table, months);
  pdf.footers(text.footer(report.from, report.to));
  doc.end();
  return bytes;
}

function collect(doc: Doc): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
}

/** Draws the report page by page, keeping its own y and breaking pages itself. */
class ReportPdf {
  private y: number;
  private readonly left: number;
  private readonly width: number;

  constructor(
    private readonly doc: Doc,
    private readonly text: PdfText,
    private readonly font: Fonts,
  ) {
    this.left = PAGE.margin;
    this.width = doc.page.width - 2 * PAGE.margin;
    this.y = PAGE.top;
  }

  private get bottom(): number {
    return this.doc.page.height - PAGE.bottom;
  }

  private newPage(): void {
    this.doc.addPage();
    this.y = PAGE.top;
  }

  /** Starts a new page unless `height` still fits on this one. */
  private room(height: number): void {
    if (this.y + height > this.bottom) this.newPage();
  }

  /** One line of text at (x, y), never wrapped, aligned against `x` (or `x + width`). */
  private put(
    text: string,
    x: number,
    y: number,
    {
      size,
      font = this.font.regular,
      align = 'left',
      width = 0,
      colour = COLOURS.text,
    }: {
      size: number;
      font?: string;
      align?: Align;
      width?: number;
      colour?: string;
    },
  ): void {
    const { doc } = this;
    doc.font(font).fontSize(size).fillColor(colour);
    const w = doc.widthOfString(text);
    const at = align === 'left' ? x : align === 'right' ? x + width - w : x + (width - w) / 2;
    doc.text(text, at, y, { lineBreak: false });
  }

  /** A paragraph wrapped to the text width; moves y below it. */
  private paragraph(
    text: string,
    size: number,
    font = this.font.regular,
    colour = COLOURS.text,
  ): void {
    const { doc } = this;
    doc.font(font).fontSize(size).fillColor(colour);
    const height = doc.heightOfString(text, { width: this.width });
    this.room(height);
    doc.text(text, this.left, this.y, { width: this.width });
    this.y += height + size * 0.5;
  }

  heading(report: PublishedReport): void {
    const { text } = this;
    this.paragraph(text.title, 17, this.font.bold);
    this.paragraph(text.period(report.from, report.to), 10.5);
    this.paragraph(text.threshold(report.threshold), 10.5);
    this.paragraph(text.legend(report.threshold), 10.5);
    for (const line of text.notes) this.paragraph(line, 8.5, this.font.regular, COLOURS.muted);
    this.y += 6;
  }

  measureSection(table: MeasureTable, months: readonly string[]): void {
    const monthly = new Map<string, ReportValue>();
    for (const month of months) {
      const value = table.value('all', month);
      if (value !== undefined) monthly.set(month, value);
    }
    const chartHeight = monthly.size > 0 ? CHART.height : 0;
    // Heading, chart and the table's head and first rows stay together.
    this.room(34 + chartHeight + 4 * TABLE.rowHeight);
    this.doc
      .moveTo(this.left, this.y)
      .lineTo(this.left + this.width, this.y)
      .lineWidth(0.5)
      .strokeColor(COLOURS.rule)
      .stroke();
    this.y += 8;
    this.put(this.text.measure(table.measure), this.left, this.y, {
      size: 13,
      font: this.font.bold,
    });
    this.put(table.measure, this.left + this.width, this.y + 3, {
      size: 8.5,
      font: this.font.mono,
      align: 'right',
      colour: COLOURS.muted,
    });
    this.y += 24;
    if (monthly.size > 0) this.chart(months, monthly);
    this.table(table);
    this.y += 14;
  }

  /** Bars of the `all` category per month; a suppressed month is a hatched full-height box. */
  private chart(months: readonly string[], values: ReadonlyMap<string, ReportValue>): void {
    const { doc } = this;
    const axis = 46;
    const plotLeft = this.left + axis;
    const plotWidth = this.width - axis;
    const top = this.y + 12;
    const base = top + CHART.plot;
    const slot = plotWidth / months.length;
    const bar = Math.min(28, slot * 0.64);
    const max = Math.max(0, ...[...values.values()].filter((v) => v !== '*'));

    doc.lineWidth(0.6).strokeColor(COLOURS.muted);
    doc
      .moveTo(plotLeft, top)
      .lineTo(plotLeft, base)
      .lineTo(plotLeft + plotWidth, base)
      .stroke();
    this.put('0', plotLeft - 4, base - 3.5, { size: 7, align: 'right', colour: COLOURS.muted });
    if (max > 0)
      this.put(displayValue(max), plotLeft - 4, top - 3.5, {
        size: 7,
        align: 'right',
        colour: COLOURS.muted,
      });

    const longLabels = slot >= 30;
    months.forEach((month, i) => {
      const x = plotLeft + i * slot + (slot - bar) / 2;
      const value = values.get(month);
      if (value === '*') {
        doc.save();
        doc.rect(x, top, bar, CHART.plot).clip();
        doc.lineWidth(0.5).strokeColor(COLOURS.rule);
        for (let d = -CHART.plot; d < bar; d += 5)
          doc
            .moveTo(x + d, base)
            .lineTo(x + d + CHART.plot, top)
            .stroke();
        doc.restore();
        doc.save();
        doc.lineWidth(0.7).strokeColor(COLOURS.muted).dash(2, { space: 2 });
        doc.rect(x, top, bar, CHART.plot).stroke();
        doc.undash();
        doc.restore();
        this.put('*', x, top - 9, { size: 8, font: this.font.bold, align: 'center', width: bar });
      } else if (value !== undefined) {
        const height = max > 0 ? (CHART.plot * Math.max(0, value)) / max : 0;
        if (height > 0) doc.rect(x, base - height, bar, height).fill(COLOURS.bar);
        // Figures above the bars when there is room for them; the table has them all.
        if (slot >= 24)
          this.put(displayValue(value), x - 6, base - height - 9, {
            size: 6.5,
            align: 'center',
            width: bar + 12,
          });
      }
      this.put(longLabels ? month : month.slice(5), plotLeft + i * slot, base + 4, {
        size: 6.5,
        align: 'center',
        width: slot,
        colour: COLOURS.muted,
      });
    });
    this.y = base + CHART.labels;
  }

  /** Categories down, periods across; split into several tables when the periods do not fit. */
  private table(table: MeasureTable): void {
    const { doc } = this;
    const pad = 4;
    doc.font(this.font.bold).fontSize(TABLE.size);
    const categoryWidth = Math.min(
      this.width * 0.45,
      Math.max(
        ...[this.text.category, ...table.categories.map((c) => this.text.categoryLabel(c))].map(
          (c) => doc.widthOfString(c),
        ),
      ) +
        2 * pad,
    );
    const columnWidth = (period: string) =>
      Math.max(
        34,
        doc.font(this.font.bold).fontSize(TABLE.size).widthOfString(period) + 2 * pad,
        ...table.categories.map(
          (c) =>
            doc
              .font(this.font.regular)
              .fontSize(TABLE.size)
              .widthOfString(displayValue(table.value(c, period))) +
            2 * pad,
        ),
      );
    // Greedy chunks of periods that fit beside the category column.
    const chunks: { period: string; width: number }[][] = [];
    for (const period of table.periods) {
      const width = columnWidth(period);
      const last = chunks.at(-1);
      const used = last?.reduce((sum, c) => sum + c.width, 0) ?? Infinity;
      if (last !== undefined && categoryWidth + used + width <= this.width)
        last.push({ period, width });
      else chunks.push([{ period, width }]);
    }

    for (const columns of chunks) {
      const header = () => {
        const total = categoryWidth + columns.reduce((sum, c) => sum + c.width, 0);
        doc.rect(this.left, this.y, total, TABLE.rowHeight).fill(COLOURS.head);
        const textY = this.y + (TABLE.rowHeight - TABLE.size) / 2 + 0.5;
        this.put(this.text.category, this.left + pad, textY, {
          size: TABLE.size,
          font: this.font.bold,
        });
        let x = this.left + categoryWidth;
        for (const { period, width } of columns) {
          this.put(period, x, textY, {
            size: TABLE.size,
            font: this.font.bold,
            align: 'right',
            width: width - pad,
          });
          x += width;
        }
        this.y += TABLE.rowHeight;
      };
      this.room(2 * TABLE.rowHeight);
      header();
      for (const category of table.categories) {
        if (this.y + TABLE.rowHeight > this.bottom) {
          this.newPage();
          this.put(this.text.continued(this.text.measure(table.measure)), this.left, this.y, {
            size: 9,
            font: this.font.bold,
          });
          this.y += 16;
          header();
        }
        const textY = this.y + (TABLE.rowHeight - TABLE.size) / 2 + 0.5;
        const label = this.text.categoryLabel(category);
        this.put(label, this.left + pad, textY, {
          size: fitSize(doc, this.font.regular, label, categoryWidth - 2 * pad, TABLE.size),
        });
        let x = this.left + categoryWidth;
        for (const { period, width } of columns) {
          this.put(displayValue(table.value(category, period)), x, textY, {
            size: TABLE.size,
            align: 'right',
            width: width - pad,
          });
          x += width;
        }
        this.y += TABLE.rowHeight;
        doc
          .moveTo(this.left, this.y)
          .lineTo(this.left + categoryWidth + columns.reduce((sum, c) => sum + c.width, 0), this.y)
          .lineWidth(0.3)
          .strokeColor(COLOURS.rule)
          .stroke();
      }
      this.y += 8;
    }
  }

  /** "Page n of m" and the report's title at the foot of every page. */
  footers(text: string): void {
    const { doc } = this;
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i += 1) {
      doc.switchToPage(i);
      const y = doc.page.height - PAGE.bottom + 24;
      this.put(text, this.left, y, { size: 7.5, colour: COLOURS.muted });
      this.put(this.text.page(i - range.start + 1, range.count), this.left, y, {
        size: 7.5,
        align: 'right',
        width: this.width,
        colour: COLOURS.muted,
      });
    }
  }
}

const CHART = { plot: 96, labels: 18, height: 12 + 96 + 18 + 6 };
const TABLE = { size: 7.5, rowHeight: 13 };

/** The largest font size up to `size` at which `text` fits in `width`. */
function fitSize(doc: Doc, font: string, text: string, width: number, size: number): number {
  const natural = doc.font(font).fontSize(size).widthOfString(text);
  return natural <= width ? size : Math.max(4, (size * width) / natural);
}
