/**
 * The anonymised usage report for CLAIR from a dataset file (issue 8; docs/reports.md). Stable
 * interface:
 *
 *   report --input FILE --from YYYY-MM --to YYYY-MM --format csv|xlsx|json --out FILE
 *          [--threshold T] [--by-counsellor] [--now INSTANT] [--earlier FILE]...
 *          [--register FILE] [--settings FILE] [--holidays FILE]
 *       computes the report (the same domain code as the app), suppresses it, audits the
 *       published form, and writes it. Each `--earlier` is the published JSON of a release made
 *       before (this command's `--format json`): the report is suppressed and audited together
 *       with those it overlaps, like the app does with its register (docs/reports.md,
 *       "Successive releases"). It writes CSV in long form (`period,measure,category,value`), the
 *       published JSON, or an XLSX workbook (the app's own renderer). Prints
 *       {file, format, from, to, threshold, byCounsellor, earlier, rows, suppressed, bytes}.
 *       `--register FILE` keeps the command's own register of releases (the app keeps one in its
 *       database): every release in it is taken as an earlier release, and the new one is added
 *       once it is written (a missing file is a new, empty register). Without `--register` and
 *       without `--earlier`, a warning on stderr says the release was audited alone.
 *
 * `--threshold` defaults to the settings' report threshold (10); `--now` (replies sent after it do
 * not count yet) to the computer's clock. The file is written to a temporary file beside `--out`
 * and renamed, so a failure never leaves part of a report; an existing file is replaced.
 *
 * Exit codes: 0 when written; 2 on bad arguments or a file that is not a valid dataset (the
 * message names the argument); 1 if the report failed its own audit (nothing is written).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { publishedReportSchema, type PublishedReport } from '../../bridge/schemas/reports';
import { validateDataset, type DatasetDocument } from '../../domain/dataset';
import { MIN_THRESHOLD } from '../../domain/privacy/suppression';
import {
  MAX_REPORT_MONTHS,
  REPORT_MONTH_PATTERN,
  SUPPRESSED_MARKER,
  auditPublishedReport,
  buildReport,
  publish,
  reportInputFromDataset,
} from '../../domain/reports';
import { renderReportXlsx } from '../../main/services/report-files';
import { CliUsageError, EXIT_OK, takeFlag, type CliCommand } from '../command';
import {
  forInput,
  readInstant,
  readText,
  takeCalendarOptions,
  takeEveryOption,
  takeOption,
} from './shared';

const FORMATS = ['csv', 'xlsx', 'json'] as const;
type ReportFileFormat = (typeof FORMATS)[number];
const EXIT_AUDIT_FAILED = 1;

/** The command's own register of releases: what it has written before, as published. */
const registerSchema = z.strictObject({
  format: z.literal('counsellor-workstation.report-register'),
  version: z.literal(1),
  releases: z.array(publishedReportSchema),
});
type Register = z.infer<typeof registerSchema>;

/** The register in `file`: empty when the file does not exist yet; a usage error naming it. */
function readRegister(file: string, byCounsellor: boolean): Register {
  const where = `--register "${file}"`;
  if (!existsSync(resolve(file))) {
    return { format: 'counsellor-workstation.report-register', version: 1, releases: [] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readText('--register', resolve(file)));
  } catch (error) {
    if (error instanceof CliUsageError) throw error;
    throw new CliUsageError(`${where}: not JSON (the register this command keeps)`);
  }
  const result = registerSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new CliUsageError(
      `${where}: not a register of releases: ${issue.path.join('.') || 'the document'} ${issue.message}`,
    );
  }
  result.data.releases.forEach((release, index) => {
    if (byCounsellor && isByCounsellor(release)) {
      throw new CliUsageError(
        `${where}: release ${index + 1} (${release.from} to ${release.to}) is broken down by counsellor: its aliases cannot be matched outside the app's register; leave out --by-counsellor, or make this report in the app`,
      );
    }
  });
  return result.data;
}

const isByCounsellor = (report: PublishedReport): boolean =>
  report.rows.some((r) => /^counsellor:[1-9]/.test(r.category));

function required(name: string, value: string | undefined, what: string): string {
  if (value === undefined) throw new CliUsageError(`${name} ${what} is required`);
  return value;
}

function readMonth(option: string, text: string): string {
  if (!REPORT_MONTH_PATTERN.test(text)) {
    throw new CliUsageError(`${option} "${text}" is not a month written YYYY-MM (e.g. 2026-04)`);
  }
  return text;
}

/** How many months from `from` to `to`, both included. */
const monthsBetween = (from: string, to: string) =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
  Number(to.slice(5, 7)) -
  Number(from.slice(5, 7)) +
  1;

function readThreshold(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < MIN_THRESHOLD || Number(text) > 1_000_000) {
    throw new CliUsageError(
      `--threshold "${text}" is not a whole number of at least ${MIN_THRESHOLD}`,
    );
  }
  return Number(text);
}

/** The dataset's records, or a usage error naming --input. */
function readDataset(file: string, text: string): DatasetDocument {
  const where = `--input "${file}"`;
  const result = validateDataset(text);
  if (!result.ok) {
    throw new CliUsageError(`${where}: ${result.problems.map((p) => p.message).join('; ')}`);
  }
  if (result.counts.invalid > 0) {
    throw new CliUsageError(
      `${where}: ${result.counts.invalid} of ${result.counts.records} records are invalid (see: cli -- check-dataset ${file})`,
    );
  }
  const c = result.collections;
  return {
    format: 'counsellor-workstation.dataset',
    version: 1,
    participants: c.participants.valid.map((r) => r.record),
    counsellors: c.counsellors.valid.map((r) => r.record),
    messages: c.messages.valid.map((r) => r.record),
    sessions: c.sessions.valid.map((r) => r.record),
  };
}

/** CSV in long form, one row a line, CRLF like the app's export. Tokens are slugs: no quoting. */
export function reportCsv(report: PublishedReport): string {
  const lines = ['period,measure,category,value'];
  for (const row of report.rows) {
    lines.push(
      `${row.period},${row.measure},${row.category},${row.value === SUPPRESSED_MARKER ? SUPPRESSED_MARKER : String(row.value)}`,
    );
  }
  return lines.join('\r\n') + '\r\n';
}

/** An earlier release: the published JSON this command writes, or a usage error naming it. */
function readEarlier(file: string, byCounsellor: boolean): PublishedReport {
  const where = `--earlier "${file}"`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readText('--earlier', resolve(file)));
  } catch (error) {
    if (error instanceof CliUsageError) throw error;
    throw new CliUsageError(`${where}: not JSON (the file a --format json report writes)`);
  }
  const result = publishedReportSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new CliUsageError(
      `${where}: not a published report: ${issue.path.join('.') || 'the document'} ${issue.message}`,
    );
  }
  if (byCounsellor && isByCounsellor(result.data)) {
    throw new CliUsageError(
      `${where} is broken down by counsellor: its aliases cannot be matched outside the app's register; leave out --by-counsellor, or make this report in the app`,
    );
  }
  return result.data;
}

async function render(report: PublishedReport, format: ReportFileFormat): Promise<Uint8Array> {
  if (format === 'csv') return Buffer.from(reportCsv(report), 'utf8');
  if (format === 'json') return Buffer.from(`${JSON.stringify(report, null, 2)}\n`, 'utf8');
  return renderReportXlsx(report);
}

/** Writes to a temporary file beside `file`, then renames it: never a partial file. */
function writeWhole(out: string, bytes: Uint8Array, option = '--out'): void {
  const file = resolve(out);
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, bytes, { flag: 'wx' });
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? 'unwritable';
    throw new CliUsageError(`${option} "${out}": cannot write the file (${code})`);
  }
}

const reportCommand: CliCommand = {
  name: 'report',
  summary: 'Compute the anonymised usage report for CLAIR from a dataset (CSV, XLSX or JSON).',
  usage:
    'report --input FILE --from YYYY-MM --to YYYY-MM --format csv|xlsx|json --out FILE [--threshold T] [--by-counsellor] [--now INSTANT] [--earlier FILE]... [--register FILE] [--json] [--settings FILE] [--holidays FILE]',
  async run(args, io) {
    const input = takeOption(args, '--input');
    const fromText = takeOption(args, '--from');
    const toText = takeOption(args, '--to');
    const formatText = takeOption(args, '--format');
    const out = takeOption(args, '--out');
    const thresholdText = takeOption(args, '--threshold');
    const nowText = takeOption(args, '--now');
    const byCounsellor = takeFlag(args, '--by-counsellor');
    const earlierFiles = takeEveryOption(args, '--earlier');
    const registerFile = takeOption(args, '--register');
    const { json, calendar, settings } = takeCalendarOptions(args, true);
    const first = args[0];
    if (first !== undefined) throw new CliUsageError(`unexpected argument "${first}"`);

    const file = required('--input', input, 'FILE');
    const from = readMonth('--from', required('--from', fromText, 'YYYY-MM'));
    const to = readMonth('--to', required('--to', toText, 'YYYY-MM'));
    if (to < from) throw new CliUsageError(`--from "${from}" is after --to "${to}"`);
    const months = monthsBetween(from, to);
    if (months > MAX_REPORT_MONTHS) {
      throw new CliUsageError(
        `--to "${to}" is ${months} months from --from; a report covers at most ${MAX_REPORT_MONTHS}`,
      );
    }
    const format = required('--format', formatText, 'csv|xlsx|json');
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new CliUsageError(`--format "${format}" must be one of ${FORMATS.join(', ')}`);
    }
    const outFile = required('--out', out, 'FILE');
    const threshold =
      thresholdText === undefined
        ? settings.reportSuppressionThreshold
        : readThreshold(thresholdText);
    const nowMs = nowText === undefined ? Date.now() : readInstant('--now', nowText);

    const given = earlierFiles.map((f) => readEarlier(f, byCounsellor));
    const register = registerFile === undefined ? null : readRegister(registerFile, byCounsellor);
    // Every release of the register is an earlier release (buildReport links those that share a
    // month with this one, directly or through another); one given twice counts once.
    const seen = new Set(given.map((r) => JSON.stringify(r)));
    const earlier = [
      ...given,
      ...(register?.releases ?? []).filter((r) => !seen.has(JSON.stringify(r))),
    ];
    if (register === null && given.length === 0) {
      io.err(
        'cli report: warning: no --earlier and no --register: this release is suppressed and audited alone. If a release that shares a month with it was published before (to CLAIR or a CO), the two together may give a suppressed count away: give it with --earlier FILE, or keep a register with --register FILE (docs/reports.md, "Successive releases").',
      );
    }
    const document = readDataset(file, readText('--input', resolve(file)));
    const report = forInput('--from', from, () =>
      buildReport(reportInputFromDataset(document), {
        from,
        to,
        threshold,
        byCounsellor,
        calendar,
        nowMs,
        earlier,
      }),
    );
    const published = publish(report);
    const audit = auditPublishedReport(published, report.earlier);
    if (!audit.ok) {
      io.err(`cli report: the report failed its audit; nothing was written: ${audit.problems[0]}`);
      return EXIT_AUDIT_FAILED;
    }
    // What leaves is exactly the bridge's published report.
    const checked = publishedReportSchema.parse(published);
    const bytes = await render(checked, format as ReportFileFormat);
    writeWhole(outFile, bytes);
    if (register !== null && registerFile !== undefined) {
      // Recorded after the file exists, so that a failed write leaves no release in the register
      // (and a release recorded and never sent only makes later reports more careful).
      const text = JSON.stringify(checked);
      if (!register.releases.some((r) => JSON.stringify(r) === text)) {
        const next: Register = { ...register, releases: [...register.releases, checked] };
        writeWhole(
          registerFile,
          Buffer.from(`${JSON.stringify(next, null, 2)}\n`, 'utf8'),
          '--register',
        );
      }
    }

    const suppressed = checked.rows.filter((r) => r.value === SUPPRESSED_MARKER).length;
    const summary = {
      file: outFile,
      format,
      from,
      to,
      threshold,
      byCounsellor,
      earlier: report.linkedReleases,
      rows: checked.rows.length,
      suppressed,
      bytes: bytes.byteLength,
    };
    io.out(
      json
        ? JSON.stringify(summary)
        : `Wrote ${outFile}: the ${format.toUpperCase()} report for ${from} to ${to}, ${summary.rows} rows (${suppressed} suppressed, T = ${threshold}${byCounsellor ? ', by counsellor' : ''}${report.linkedReleases > 0 ? `, with ${report.linkedReleases} earlier release(s) it overlaps` : ''}); ${summary.bytes} bytes.`,
    );
    return EXIT_OK;
  },
};

export const reportCommands: CliCommand[] = [reportCommand];
