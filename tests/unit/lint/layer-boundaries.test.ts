import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('layer boundaries (DESIGN.md) are enforced by lint', () => {
  it.each([
    ['src/domain/calendar/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    [
      'src/domain/calendar/x.ts',
      "import { readFile } from 'node:fs';\nexport const a = readFile;\n",
    ],
    [
      'src/domain/calendar/x.ts',
      "import { createLogger } from '../../main/services/logger';\nexport const a = createLogger;\n",
    ],
    [
      'src/domain/calendar/x.ts',
      "import { contract } from '../../bridge/contract';\nexport const a = contract;\n",
    ],
    [
      'src/bridge/x.ts',
      "import { createLogger } from '../main/services/logger';\nexport const a = createLogger;\n",
    ],
    [
      'src/renderer/app/x.ts',
      "import { createLogger } from '../../main/services/logger';\nexport const a = createLogger;\n",
    ],
    [
      'src/renderer/app/x.ts',
      "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n",
    ],
    ['src/main/services/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['src/main/services/x.ts', "import { a } from '../electron/window';\nexport const b = a;\n"],
    ['src/host/x.ts', "import { a } from '../main/electron/window';\nexport const b = a;\n"],
    [
      'src/main/electron/window.ts',
      "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n",
    ],
    ['src/preload/x.ts', "import { z } from 'zod';\nexport const a = z;\n"],
    // Inside the renderer (DESIGN.md, "The renderer's data layer"): features never hold the
    // database or Dexie; the database's code never reaches up to the screens.
    [
      'src/renderer/features/queue/x.ts',
      "import { database } from '../../db/database';\nexport const a = database;\n",
    ],
    ['src/renderer/features/queue/x.ts', "import Dexie from 'dexie';\nexport const a = Dexie;\n"],
    [
      'src/renderer/features/queue/x.ts',
      "import { useLiveQuery } from 'dexie-react-hooks';\nexport const a = useLiveQuery;\n",
    ],
    [
      'src/renderer/db/repositories/x.ts',
      "import { useQueue } from '../../features/queue/useQueue';\nexport const a = useQueue;\n",
    ],
    [
      'src/renderer/db/repositories/x.ts',
      "import { useData } from '../../app/data';\nexport const a = useData;\n",
    ],
    // The layers to come are refused until their arrows are written.
    ['src/sync/x.ts', "import { a } from '../renderer/app/data';\nexport const b = a;\n"],
    ['src/server/x.ts', "import { a } from '../main/services/key-store';\nexport const b = a;\n"],
    ['src/domain/x.ts', "import { a } from '../sync/messages';\nexport const b = a;\n"],
  ])('%s may not: %s', async (file, code) => {
    expect(await ruleIds(file, code)).toContain('no-restricted-imports');
  });

  it('domain code never reads the clock', async () => {
    expect(await ruleIds('src/domain/x.ts', 'export const t = Date.now();\n')).toContain(
      'no-restricted-syntax',
    );
    expect(await ruleIds('src/domain/x.ts', 'export const t = new Date();\n')).toContain(
      'no-restricted-syntax',
    );
    expect(
      await ruleIds(
        'src/domain/x.ts',
        'export const t = (now: Date) => new Date(now.getTime());\n',
      ),
    ).toEqual([]);
  });

  it.each([
    [
      'src/renderer/app/x.ts',
      "import { contract } from '../../bridge/contract';\nexport const a = contract;\n",
    ],
    [
      'src/main/electron/ipc.ts',
      "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n",
    ],
    [
      'src/host/x.ts',
      "import { createLogger } from '../main/services/logger';\nexport const a = createLogger;\n",
    ],
    [
      'src/preload/x.ts',
      "import { CHANNEL_NAMES } from '../bridge/channels';\nexport const a = CHANNEL_NAMES;\n",
    ],
    [
      'src/renderer/features/queue/x.ts',
      "import { useData } from '../../app/data';\nimport type { ThreadRecord } from '../../db/records';\nexport const a = useData;\nexport type B = ThreadRecord;\n",
    ],
    [
      'src/renderer/app/x.ts',
      "import { WorkstationDatabase } from '../db/database';\nexport const a = WorkstationDatabase;\n",
    ],
    ['src/server/x.ts', "import { a } from '../sync/messages';\nexport const b = a;\n"],
    // A file named like a layer is not that layer (src/host/server.ts is the host's own).
    ['src/host/x.ts', "import { a } from './server';\nexport const b = a;\n"],
  ])('%s may: %s', async (file, code) => {
    expect(await ruleIds(file, code)).toEqual([]);
  });

  it('nothing logs through console outside the loggers', async () => {
    expect(await ruleIds('src/main/services/x.ts', "console.log('hi');\n")).toContain('no-console');
  });
});
