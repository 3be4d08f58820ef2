/**
 * The published report (issue 8; docs/reports.md): the only shape of a usage report that crosses
 * to the main process for export. Periods are months or spans of months, measures and categories
 * are slugs, values are numbers or the neutral marker `*`: no field can hold an identifier, a
 * name, an e-mail address, free text or anything finer than a month.
 */
import { z } from 'zod';
import type { PublishedReport as DomainPublishedReport } from '../../domain/reports';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

export const reportPeriodSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])(\.\.\d{4}-(0[1-9]|1[0-2]))?$/);
/** Measures and categories: slugs only, never free text. */
export const reportTokenSchema = z.string().regex(/^[a-z0-9][a-z0-9:._-]{0,63}$/);

export const publishedReportRowSchema = z.strictObject({
  period: reportPeriodSchema,
  measure: reportTokenSchema,
  category: reportTokenSchema,
  value: z.union([z.number().finite(), z.literal('*')]),
});

/** A count cell of an earlier release as it stands: a whole number, or `*` (hidden or changed). */
export const earlierReleaseRowSchema = z.strictObject({
  period: reportPeriodSchema,
  measure: reportTokenSchema,
  category: reportTokenSchema,
  value: z.union([z.number().int().min(0), z.literal('*')]),
});

export const publishedReportSchema = z.strictObject({
  format: z.literal('counsellor-workstation.report'),
  version: z.literal(1),
  from: month,
  to: month,
  threshold: z.number().int().min(5),
  rows: z.array(publishedReportRowSchema),
});

export type PublishedReport = z.infer<typeof publishedReportSchema>;
export type PublishedReportRow = z.infer<typeof publishedReportRowSchema>;

/** The domain's `publish()` gives exactly this shape (checked by the compiler). */
export const fromDomainReport = (report: DomainPublishedReport): PublishedReport => ({
  ...report,
  rows: [...report.rows],
});
