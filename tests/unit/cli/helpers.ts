/** What the CLI tests share: running a command in-process, and a temporary folder for inputs. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect } from 'vitest';
import { runCli } from '../../../src/cli/cli';

/** Runs the CLI with `argv` and returns its exit code and its stdout and stderr lines. */
export async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    argv,
    { out: (l) => out.push(l), err: (l) => err.push(l) },
    { version: '1.2.3' },
  );
  return { code, out, err };
}

/** Runs with `--json`, expects success, and parses each line. */
export async function json(argv: string[]) {
  const result = await run([...argv, '--json']);
  expect(result).toMatchObject({ code: 0, err: [] });
  return result.out.map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A temporary folder removed after the file's tests; returns its path. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `content` (text, or JSON of a value) to `name` in `dir`; returns the file's path. */
export function writeInput(dir: string, name: string, content: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}
