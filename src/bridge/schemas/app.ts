import { z } from 'zod';

export const appInfoSchema = z.strictObject({
  name: z.string(),
  version: z.string(),
  /** Which host runs the page: the Electron app or the browser host. */
  host: z.enum(['electron', 'browser-host']),
  /** The operating system, as Node names it (`win32`, `darwin`, `linux`). */
  os: z.string(),
  /** The folder that holds the workstation's files (settings, later backups and audit). */
  dataDir: z.string(),
  /** An instant every clock of the page is pinned to (demos and tests), or null for real time. */
  pinnedNow: z.iso.datetime({ offset: true }).nullable(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;
