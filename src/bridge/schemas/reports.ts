import { z } from 'zod';
export const reportPeriodSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])(\.\.\d{4}-(0[1-9]|1[0-2]))?$/);
export const reportTokenSchema = z.string().regex(/^[a-z0-9][a-z0-9:._-]{0,63}$/);
export const publishedReportSchema = z.strictObject({
  format: z.literal('counsellor-workstation.report'),
  version: z.literal(1),
  from: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  to: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  threshold: z.number().int().min(5),
  rows: z.array(
    z.strictObject({
      period: reportPeriodSchema,
      measure: reportTokenSchema,
      category: reportTokenSchema,
      value: z.union([z.number().finite(), z.literal('*')]),
    }),
  ),
});
export type PublishedReport = z.infer<typeof publishedReportSchema>;
