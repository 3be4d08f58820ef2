import { z } from 'zod';
import { organisationSettingsSchema } from '../../domain/settings/settings-schema';

export { closureSchema, organisationSettingsSchema } from '../../domain/settings/settings-schema';

export const settingsProblemSchema = z.strictObject({
  /** `unreadable`: not JSON; `invalid`: JSON that breaks the rules. */
  kind: z.enum(['unreadable', 'invalid']),
  /** What was wrong and where (line or field). */
  message: z.string(),
  /** The copy of the bad file that was kept. */
  backupFile: z.string(),
});

export const settingsStateSchema = z.strictObject({
  settings: organisationSettingsSchema,
  /** `file` when read from the settings file, `defaults` when there is none (or it was bad). */
  source: z.enum(['file', 'defaults']),
  /** Where the settings are stored. */
  file: z.string(),
  /** Set when the stored file could not be used; the defaults are in force until the next save. */
  problem: settingsProblemSchema.nullable(),
});
export type SettingsState = z.infer<typeof settingsStateSchema>;
export type SettingsProblem = z.infer<typeof settingsProblemSchema>;
