import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, tempDir } from './helpers';
import { validateDataset } from '../../../src/domain/dataset';

const dir = tempDir('cw-dataset-cli-');
const file = (name: string) => path.join(dir, name);
const fixture = (name: string) =>
  path.join(path.dirname(new URL(import.meta.url).pathname), '../../fixtures/datasets', name);

describe('cli demo-data', () => {
  it('writes the same file for the default seed every time, and says what it holds', async () => {
    const first = await run(['demo-data', '--out', file('a.json'), '--json']);
    expect(first).toMatchObject({ code: 0, err: [] });
    expect(JSON.parse(first.out[0]!)).toEqual({
      file: file('a.json'),
      seed: 2026,
      messages: 600,
      until: '2026-11-30T12:00:00+09:00',
      bytes: expect.any(Number),
      participants: 120,
      counsellors: 7,
      threads: expect.any(Number),
      participantMessages: expect.any(Number),
      replies: expect.any(Number),
      overLimit: expect.any(Number),
      availability: 16,
      availabilityExceptions: 11,
      sessions: 122,
    });
    await run(['demo-data', `--out=${file('b.json')}`]);
    const a = readFileSync(file('a.json'));
    expect(readFileSync(file('b.json')).equals(a)).toBe(true);
    expect(JSON.parse(first.out[0]!)).toMatchObject({ bytes: a.length });
    const result = validateDataset(a.toString('utf8'));
    expect(result).toMatchObject({ ok: true, counts: { invalid: 0 } });
  });

  it('takes a seed, a number of messages and an end instant', async () => {
    const { code, out } = await run([
      'demo-data',
      '--seed',
      '7',
      '--messages',
      '40',
      '--until',
      '2025-03-31T18:00:00Z',
      '--out',
      file('c.json'),
    ]);
    expect(code).toBe(0);
    expect(out[0]).toMatch(
      /^Wrote .*c\.json: 40 messages \(\d+ from participants, \d+ replies, \d+ over the 1,200-character limit\) in \d+ threads, 8 participants, 7 counsellors; seed 7, until 2025-04-01T03:00:00\+09:00; \d+ bytes\.$/,
    );
    const document = JSON.parse(readFileSync(file('c.json'), 'utf8')) as { messages: unknown[] };
    expect(document.messages).toHaveLength(40);
  });

  it.each([
    [[], '--out FILE is required'],
    [['--messages', 'many'], '--messages "many" is not a whole number from 0 to 1000000'],
    [['--messages', '1000001'], '--messages "1000001" is not a whole number'],
    [['--seed', '-1'], '--seed "-1" is not a whole number from 0 to 4294967295'],
    [['--seed', '4294967296'], '--seed "4294967296" is not a whole number'],
    [['--until', '2026-11-30'], '--until "2026-11-30" is not an instant'],
    [['--until', '2019-02-01T00:00:00Z'], 'cannot be used: the demo data must lie between 2019'],
    [['--frobnicate'], 'unexpected argument "--frobnicate"'],
  ])('exits 2 for %j, naming the argument', async (args, message) => {
    const out = args.length === 0 || args[0] === '--frobnicate' ? [] : ['--out', file('x.json')];
    const result = await run(['demo-data', ...args, ...out]);
    expect(result.code).toBe(2);
    expect(result.out).toEqual([]);
    expect(result.err.join('\n')).toContain(message);
  });

  it('names a file it cannot write', async () => {
    const result = await run(['demo-data', '--out', path.join(dir, 'missing', 'x.json')]);
    expect(result.code).toBe(2);
    expect(result.err.join('')).toContain('cannot write the file (ENOENT)');
  });

  it('is listed in --help', async () => {
    const help = await run(['--help']);
    expect(help.out.join('\n')).toMatch(
      /demo-data\s+Write a realistic, deterministic demo dataset/,
    );
    expect(help.out.join('\n')).toMatch(/check-dataset\s+Check a dataset file/);
  });
});

describe('cli check-dataset', () => {
  it('says a good file is good', async () => {
    const result = await run(['check-dataset', fixture('good.json')]);
    expect(result).toMatchObject({ code: 0, err: [] });
    expect(result.out).toEqual([
      `${fixture('good.json')}: 11 records, 11 valid, 0 invalid; 1 message over the 1,200-character limit (kept whole, flagged).`,
    ]);
  });

  it('lists the invalid records of a file, one per line, and exits 2', async () => {
    const result = await run(['check-dataset', fixture('mixed.json'), '--json']);
    expect(result.code).toBe(2);
    const lines = result.out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(14);
    expect(lines[0]).toEqual({
      position: 'participants[1]',
      id: 'p-2',
      line: 12,
      column: 5,
      problems: [
        {
          field: 'jetNumber',
          code: 'invalid-value',
          message: 'must be 11 digits beginning with 20 (e.g. 20123456789), or be left out',
        },
      ],
    });
    expect(lines[13]).toEqual({
      file: fixture('mixed.json'),
      records: 20,
      valid: 7,
      invalid: 13,
      overLimit: 1,
    });
    expect(result.err).toEqual([
      `cli check-dataset: ${fixture('mixed.json')}: 13 of 20 records are invalid`,
    ]);
  });

  it('refuses ids that hold a JET number, an e-mail or the name, without repeating them (issue 13)', async () => {
    const person = { jetNumber: null, name: 'Emily Johnson', language: 'en' };
    writeFileSync(
      file('identifiers.json'),
      JSON.stringify(
        {
          format: 'counsellor-workstation.dataset',
          version: 1,
          participants: [
            { ...person, id: '20222222222', email: 'a@example.com' },
            { ...person, id: 'emily.johnson@example.com', email: 'b@example.com' },
            { ...person, id: 'p-emily', email: 'c@example.com' },
            { ...person, id: 'p-4', email: 'd@example.com' },
          ],
        },
        null,
        2,
      ),
    );
    const result = await run(['check-dataset', file('identifiers.json')]);
    expect(result.code).toBe(2);
    expect(result.out).toHaveLength(4);
    expect(result.out[0]).toMatch(
      /^participants\[0\] \(line 5\): id looks like it holds a JET number/,
    );
    expect(result.out[1]).toMatch(
      /^participants\[1\] \(line \d+\): id looks like it holds an e-mail/,
    );
    expect(result.out[2]).toMatch(
      /^participants\[2\] \(line \d+\): id holds the participant's name/,
    );
    for (const line of [...result.out, ...result.err])
      expect(line).not.toMatch(/20222222222|emily\.johnson|p-emily/);
  });

  it('refuses a file that is not a dataset, saying where', async () => {
    writeFileSync(
      file('broken.json'),
      '{\n  "format": "counsellor-workstation.dataset",\n  "version": 1,\n}\n',
    );
    const result = await run(['check-dataset', file('broken.json')]);
    expect(result).toMatchObject({ code: 2, out: [] });
    expect(result.err).toEqual([
      `cli check-dataset: ${file('broken.json')}: The file is not valid JSON: line 4, column 1: a field is missing before "}" (is there a comma too many?).`,
    ]);
  });

  it('with --now, refuses messages from the future', async () => {
    const result = await run([
      'check-dataset',
      fixture('good.json'),
      '--now',
      '2026-11-28T00:00:00+09:00',
    ]);
    expect(result.code).toBe(2);
    expect(result.out[0]).toBe(
      'messages[5] (id "m-6", line 82): receivedAt is in the future (is the date, or the computer clock, wrong?)',
    );
  });

  it('exits 2 without a file, or with a file it cannot read', async () => {
    expect((await run(['check-dataset'])).err.join('')).toContain('needs a <file>');
    const missing = await run(['check-dataset', file('nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.err.join('')).toContain('cannot read the file (ENOENT)');
  });
});
