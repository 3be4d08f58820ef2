import { z } from 'zod';
import { earlierReleaseRowSchema, publishedReportSchema } from './reports';

/** A file name without folders: letters, digits, dots, dashes and underscores. */
function suggestedNameSchema() {
  return z
    .string()
    .min(1)
    .max(120)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dots, dashes and underscores only');
}

/** Kinds of file the page may ask the main process to save, each with its extension. */
export const EXPORT_KINDS = { csv: '.csv' } as const;

export const exportSaveInputSchema = z.strictObject({
  kind: z.enum(Object.keys(EXPORT_KINDS) as [keyof typeof EXPORT_KINDS]),
  /** A file name without folders, e.g. `sessions-2026-11.csv`. */
  suggestedName: suggestedNameSchema(),
  /** The file's text (UTF-8). */
  text: z.string().max(50 * 1024 * 1024, 'at most 50 MiB'),
});
export type ExportSaveInput = z.infer<typeof exportSaveInputSchema>;

export const exportSaveOutputSchema = z.discriminatedUnion('saved', [
  z.strictObject({ saved: z.literal(true), path: z.string(), bytes: z.number().int() }),
  /** The person closed the save dialog. */
  z.strictObject({ saved: z.literal(false) }),
]);
export type ExportSaveOutput = z.infer<typeof exportSaveOutputSchema>;

/** The formats of the anonymised report's files (issue 8); each file ends in `.<format>`. */
export const REPORT_FILE_FORMATS = ['csv', 'xlsx', 'pdf'] as const;
export type ReportFileFormat = (typeof REPORT_FILE_FORMATS)[number];
/** At most this many rows in one report export. */
export const REPORT_EXPORT_MAX_ROWS = 100_000;
/** At most this many months in one report period (ten years). */
export const REPORT_EXPORT_MAX_MONTHS = 120;

const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));

/**
 * Renders a published report (already aggregated and suppressed by the domain) as a file and saves
 * it like `export.save`. The report schema admits only tokens, months and numbers or `*`.
 */
export const reportExportInputSchema = z
  .strictObject({
    format: z.enum(REPORT_FILE_FORMATS),
    report: publishedReportSchema,
    /**
     * The count cells of the earlier releases linked to this one, as they stand (the domain's
     * `Report.earlier`): the export's audit covers them too. Absent: none.
     */
    earlier: z.array(earlierReleaseRowSchema).max(REPORT_EXPORT_MAX_ROWS).optional(),
    /** The language of the PDF's words (the CSV and XLSX hold tokens only). Default English. */
    language: z.enum(['en', 'ja']).optional(),
    /** A file name without folders that ends in the format's extension, e.g. `report-2026.pdf`. */
    suggestedName: suggestedNameSchema(),
  })
  .superRefine((input, ctx) => {
    if (!input.suggestedName.toLowerCase().endsWith(`.${input.format}`))
      ctx.addIssue({
        code: 'custom',
        path: ['suggestedName'],
        message: `must end in .${input.format}`,
      });
    const { from, to, rows } = input.report;
    const months = monthIndex(to) - monthIndex(from) + 1;
    if (months < 1)
      ctx.addIssue({ code: 'custom', path: ['report', 'to'], message: 'before the start' });
    else if (months > REPORT_EXPORT_MAX_MONTHS)
      ctx.addIssue({
        code: 'custom',
        path: ['report', 'to'],
        message: `at most ${REPORT_EXPORT_MAX_MONTHS} months after the start`,
      });
    if (rows.length > REPORT_EXPORT_MAX_ROWS)
      ctx.addIssue({
        code: 'custom',
        path: ['report', 'rows'],
        message: `at most ${REPORT_EXPORT_MAX_ROWS} rows`,
      });
    const seen = new Set<string>();
    rows.forEach((row, i) => {
      const cell = `${row.period} ${row.measure} ${row.category}`;
      if (seen.has(cell))
        ctx.addIssue({
          code: 'custom',
          path: ['report', 'rows', i],
          message: 'a second row for the same period, measure and category',
        });
      seen.add(cell);
    });
  });
export type ReportExportInput = z.infer<typeof reportExportInputSchema>;
