/**
 * The update settings (issue 17 §3): whether the desktop app looks for updates, and where. Off by
 * default; kept by the main process in its own file; anyone may read them, only a supervisor the
 * main process has proven may change them. The browser host stores them too but never updates.
 */
import { z } from 'zod';

/** An https feed URL with no user name or password in it (a feed needs no credentials). */
export const feedUrlSchema = z
  .string()
  .trim()
  .min(1, { message: 'needs a feed URL' })
  .max(2000, { message: 'is longer than 2000 characters' })
  .refine(
    (value) => {
      try {
        return new URL(value).protocol === 'https:';
      } catch {
        return false;
      }
    },
    { message: 'must be an https:// URL' },
  )
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return url.username === '' && url.password === '';
      } catch {
        return true;
      }
    },
    { message: 'must not hold a user name or password' },
  );

export const updateSettingsSchema = z
  .strictObject({
    enabled: z.boolean(),
    feedUrl: feedUrlSchema.nullable(),
  })
  .refine((s) => !s.enabled || s.feedUrl !== null, {
    message: 'updates cannot be turned on without a feed URL',
    path: ['feedUrl'],
  });
export type UpdateSettingsInput = z.infer<typeof updateSettingsSchema>;

export const updateSettingsStateSchema = z.strictObject({
  settings: z.strictObject({ enabled: z.boolean(), feedUrl: z.string().nullable() }),
  /** `file` when read from the file; `defaults` when there is none (or it was unusable). */
  source: z.enum(['file', 'defaults']),
  /** Set when the stored file could not be used (updates stay off until the next save). */
  problem: z.string().nullable(),
});
export type UpdateSettingsState = z.infer<typeof updateSettingsStateSchema>;
