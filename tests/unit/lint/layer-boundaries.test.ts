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
  ])('%s may: %s', async (file, code) => {
    expect(await ruleIds(file, code)).toEqual([]);
  });

  it('nothing logs through console outside the loggers', async () => {
    expect(await ruleIds('src/main/services/x.ts', "console.log('hi');\n")).toContain('no-console');
  });
});
