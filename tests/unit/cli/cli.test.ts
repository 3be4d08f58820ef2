import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/cli';

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return runCli(
    argv,
    { out: (l) => out.push(l), err: (l) => err.push(l) },
    { version: '1.2.3' },
  ).then((code) => ({
    code,
    out,
    err,
  }));
}

describe('cli', () => {
  it('prints the version, and one JSON object with --json', async () => {
    expect(await run(['version'])).toEqual({ code: 0, out: ['1.2.3'], err: [] });
    const json = await run(['version', '--json']);
    expect(json.out.map((l) => JSON.parse(l))).toEqual([
      { name: 'counsellor-workstation', version: '1.2.3' },
    ]);
  });

  it('lists its commands with --help', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out.join('\n')).toMatch(/version\s+Print the version/);
  });

  it('exits 2 with the problem on stderr for an unknown command or argument', async () => {
    expect(await run(['frobnicate'])).toMatchObject({ code: 2, out: [] });
    const extra = await run(['version', '--yaml']);
    expect(extra.code).toBe(2);
    expect(extra.err.join('')).toContain('"--yaml"');
  });

  it('runs through npm as the README says', () => {
    const out = execFileSync('npm', ['run', '--silent', 'cli', '--', 'version', '--json'], {
      encoding: 'utf8',
    });
    expect(JSON.parse(out.trim())).toMatchObject({ name: 'counsellor-workstation' });
    const bad = spawnSync('npm', ['run', '--silent', 'cli', '--', 'nope'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown command "nope"');
  });
});
