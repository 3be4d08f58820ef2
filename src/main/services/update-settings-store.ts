/**
 * The update settings (issue 17 §3) in `updates.json` in the data folder, written atomically like
 * the organisation settings. Off by default. A file that cannot be used is left as it is (never
 * overwritten until a supervisor saves), the problem is reported, and updates stay off meanwhile:
 * an unreadable file never turns them on.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import {
  updateSettingsSchema,
  type UpdateSettingsInput,
  type UpdateSettingsState,
} from '../../bridge/schemas/updates';
import type { Logger } from './logger';
import { errnoCode, writeFileAtomically } from './settings-store';

export const UPDATE_SETTINGS_FILE_NAME = 'updates.json';
export const UPDATE_SETTINGS_FORMAT = 'counsellor-workstation.updates';

const fileSchema = z.strictObject({
  format: z.literal(UPDATE_SETTINGS_FORMAT),
  version: z.literal(1),
  savedAt: z.string(),
  settings: updateSettingsSchema,
});

const DEFAULTS: UpdateSettingsState = {
  settings: { enabled: false, feedUrl: null },
  source: 'defaults',
  problem: null,
};

export interface UpdateSettingsStore {
  /** The settings in force (read once, then kept in memory). */
  load(): Promise<UpdateSettingsState>;
  /** What is in force now, without waiting (the defaults until `load` has read the file). */
  current(): UpdateSettingsState['settings'];
  /** Validates, writes atomically, and returns the new state. Throws on invalid settings. */
  save(settings: UpdateSettingsInput): Promise<UpdateSettingsState>;
}

export function createUpdateSettingsStore({
  dataDir,
  log,
  now = () => new Date(),
}: {
  dataDir: string;
  log: Logger;
  now?: () => Date;
}): UpdateSettingsStore {
  const file = path.join(dataDir, UPDATE_SETTINGS_FILE_NAME);
  let state: UpdateSettingsState | null = null;

  async function readFromDisk(): Promise<UpdateSettingsState> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return DEFAULTS;
      const code = errnoCode(error);
      log.error('updates.settings-unreadable', { code });
      return {
        ...DEFAULTS,
        problem: `${UPDATE_SETTINGS_FILE_NAME} cannot be read (${code}); updates stay off until the settings are saved.`,
      };
    }
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      log.warn('updates.settings-invalid', { kind: 'json' });
      return {
        ...DEFAULTS,
        problem: `${UPDATE_SETTINGS_FILE_NAME} is not valid JSON; updates stay off until the settings are saved.`,
      };
    }
    const parsed = fileSchema.safeParse(document);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = (issue?.path ?? []).map(String).join('.') || 'the document';
      log.warn('updates.settings-invalid', { kind: 'schema' });
      return {
        ...DEFAULTS,
        problem: `${UPDATE_SETTINGS_FILE_NAME}: ${where}: ${issue?.message ?? 'invalid'}; updates stay off until the settings are saved.`,
      };
    }
    return { settings: parsed.data.settings, source: 'file', problem: null };
  }

  return {
    async load() {
      state ??= await readFromDisk();
      return state;
    },
    current() {
      return (state ?? DEFAULTS).settings;
    },
    async save(settings) {
      const valid = updateSettingsSchema.parse(settings);
      const document = {
        format: UPDATE_SETTINGS_FORMAT,
        version: 1,
        savedAt: now().toISOString(),
        settings: valid,
      };
      try {
        await writeFileAtomically(file, `${JSON.stringify(document, null, 2)}\n`);
      } catch (error) {
        log.error('updates.settings-save-failed', { code: errnoCode(error) });
        throw error;
      }
      log.info('updates.settings-saved', { enabled: String(valid.enabled) });
      state = { settings: valid, source: 'file', problem: null };
      return state;
    },
  };
}
