import { z } from 'zod';

/** Kinds of file the page may ask the main process to save, each with its extension. */
export const EXPORT_KINDS = { csv: '.csv' } as const;

export const exportSaveInputSchema = z.strictObject({
  kind: z.enum(Object.keys(EXPORT_KINDS) as [keyof typeof EXPORT_KINDS]),
  /** A file name without folders, e.g. `sessions-2026-11.csv`. */
  suggestedName: z
    .string()
    .min(1)
    .max(120)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dots, dashes and underscores only'),
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
