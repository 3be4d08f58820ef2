import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { publishedReportSchema } from '../../../src/bridge/schemas/reports';
import type { DatasetDocument } from '../../../src/domain/dataset';
import { auditPublishedReport } from '../../../src/domain/reports';
import { run, tempDir, writeInput } from './helpers';

const dir = tempDir('cw-report-cli-');
const file = (name: string) => path.join(dir, name);
const DEMO = file('demo.json');
const NOW = '2026-12-01T00:00:00+09:00';
const base = (format: string, out: string, ...more: string[]) => [
  'report',
  '--input',
  DEMO,
  '--from',
  '2026-06',
  '--to',
  '2026-11',
  '--format',
  format,
  '--out',
  out,
  '--now',
  NOW,
  ...more,
];

/** argv with one option's value replaced, its value removed, or the option added. */
function withChange(argv: string[], [name, value]: string[]): string[] {
  const out = [...argv];
  const at = out.indexOf(name!);
  if (at === -1) return value === undefined ? [...out, name!] : [...out, name!, value];
  if (value === undefined) out.splice(at + 1, 1);
  else out[at + 1] = value;
  return out;
}

beforeAll(async () => {
  const demo = await run(['demo-data', '--out', DEMO]);
  expect(demo.code).toBe(0);
});

/** Everything in the demo dataset that must never reach a report: identifiers and text. */
function secrets(): string[] {
  const document = JSON.parse(readFileSync(DEMO, 'utf8')) as DatasetDocument;
  const values = new Set<string>();
  for (const p of document.participants ?? []) {
    values.add(p.id);
    values.add(p.name);
    values.add(p.email);
    if (p.jetNumber) values.add(p.jetNumber);
  }
  for (const c of document.counsellors ?? []) values.add(c.name);
  for (const m of document.messages ?? []) {
    values.add(m.id);
    values.add(m.threadId);
    if (m.subject.trim() !== '') values.add(m.subject);
    values.add(m.body);
    // A line of the body on its own too (a text could be cut, never copied).
    for (const line of m.body.split('\n')) if (line.trim().length > 12) values.add(line.trim());
  }
  for (const s of document.sessions ?? []) values.add(s.id);
  return [...values];
}

// Each report of the demo data by counsellor is suppressed and audited by integer search (a few
// seconds each, several times that on a loaded 2-core machine): generous time, not the default 20 s.
describe('cli report', { timeout: 120_000 }, () => {
  it('writes the CSV in long form: period,measure,category,value', async () => {
    const result = await run(base('csv', file('r.csv'), '--json'));
    expect(result.code).toBe(0);
    expect(result.err).toEqual([
      expect.stringContaining('warning: no --earlier and no --register'),
    ]);
    const summary = JSON.parse(result.out[0]!) as Record<string, unknown>;
    expect(summary).toMatchObject({
      file: file('r.csv'),
      format: 'csv',
      from: '2026-06',
      to: '2026-11',
      threshold: 10,
      byCounsellor: false,
    });
    const text = readFileSync(file('r.csv'), 'utf8');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('period,measure,category,value');
    expect(lines.at(-1)).toBe('');
    const rows = lines.slice(1, -1);
    expect(rows).toHaveLength(summary.rows as number);
    for (const line of rows) {
      expect(line).toMatch(
        /^\d{4}-\d{2}(\.\.\d{4}-\d{2})?,[a-z0-9][a-z0-9:._-]*,[a-z0-9][a-z0-9:._-]*,(\d+(\.\d+)?|\*)$/,
      );
    }
    expect(rows.filter((l) => l.endsWith(',*'))).toHaveLength(summary.suppressed as number);
    expect(rows).toContain('2026-06..2026-11,messages-received,all,326');
    expect(rows).toContain('2026-07..2026-09,messages-received,all,146');
  });

  it('writes the published JSON, which the bridge schema accepts and the audit passes', async () => {
    const result = await run(base('json', file('r.json')));
    expect(result.code).toBe(0);
    expect(result.err.join('\n')).not.toMatch(/error|invalid/i);
    expect(result.out[0]).toMatch(
      /^Wrote .*r\.json: the JSON report for 2026-06 to 2026-11, \d+ rows \(\d+ suppressed, T = 10\); \d+ bytes\.$/,
    );
    const report = publishedReportSchema.parse(JSON.parse(readFileSync(file('r.json'), 'utf8')));
    expect(report).toMatchObject({ from: '2026-06', to: '2026-11', threshold: 10 });
    expect(auditPublishedReport(report)).toMatchObject({ ok: true, problems: [] });
    // The CSV has the same rows.
    const csv = readFileSync(file('r.csv'), 'utf8').split('\r\n').slice(1, -1);
    expect(csv).toEqual(
      report.rows.map((r) => `${r.period},${r.measure},${r.category},${r.value}`),
    );
  });

  it('writes an XLSX workbook with the app renderer', async () => {
    const result = await run(base('xlsx', file('r.xlsx'), '--by-counsellor', '--threshold', '5'));
    expect(result.code).toBe(0);
    expect(result.err).toHaveLength(1);
    const bytes = readFileSync(file('r.xlsx'));
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(result.out[0]).toContain('T = 5, by counsellor');
  });

  it('puts no JET number, name, e-mail, id, subject or text of the dataset in the CSV or the JSON', async () => {
    await run(base('csv', file('c.csv'), '--by-counsellor', '--threshold', '5'));
    await run(base('json', file('c.json'), '--by-counsellor', '--threshold', '5'));
    const all = secrets();
    expect(all.length).toBeGreaterThan(1000);
    for (const name of ['r.csv', 'r.json', 'c.csv', 'c.json']) {
      const text = readFileSync(file(name), 'utf8');
      const leaked = all.filter((s) => text.includes(s));
      expect(leaked, name).toEqual([]);
      expect(text).not.toMatch(/20\d{9}/);
      expect(text).not.toMatch(/@/);
    }
    // Counsellors appear by id only, when asked.
    expect(readFileSync(file('c.csv'), 'utf8')).toContain(',counsellor:1,');
    expect(readFileSync(file('c.csv'), 'utf8')).not.toContain('counsellor:c-');
    expect(readFileSync(file('r.csv'), 'utf8')).not.toContain('counsellor:');
  });

  it('replaces an existing file whole', async () => {
    writeFileSync(file('old.csv'), 'something else entirely\n');
    expect((await run(base('csv', file('old.csv')))).code).toBe(0);
    expect(readFileSync(file('old.csv'), 'utf8').startsWith('period,measure,category,value')).toBe(
      true,
    );
  });

  it.each([
    [['--input'], '--input needs a value'],
    [['--from', '2026-13'], '--from "2026-13" is not a month written YYYY-MM'],
    [['--to', '2026-6'], '--to "2026-6" is not a month written YYYY-MM'],
    [['--from', '2026-12'], '--from "2026-12" is after --to "2026-11"'],
    [['--from', '2016-01'], 'a report covers at most 120'],
    [['--format', 'pdf'], '--format "pdf" must be one of csv, xlsx, json'],
    [['--threshold', '4'], '--threshold "4" is not a whole number of at least 5'],
    [['--threshold', 'ten'], '--threshold "ten" is not a whole number of at least 5'],
    [['--now', 'yesterday'], '--now "yesterday" is not an instant'],
    [['--frobnicate'], 'unexpected argument "--frobnicate"'],
  ])('exits 2 for %j, naming the argument, and writes nothing', async (args, message) => {
    const out = file(`bad-${readdirSync(dir).length}.csv`);
    const argv = withChange(base('csv', out), args);
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.out).toEqual([]);
    expect(result.err.join('\n')).toContain(message);
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 without the required options', async () => {
    const result = await run(['report', '--from', '2026-06', '--to', '2026-11']);
    expect(result).toMatchObject({ code: 2, out: [] });
    expect(result.err.join('')).toContain('--input FILE is required');
    const noFormat = await run([
      'report',
      '--input',
      DEMO,
      '--from',
      '2026-06',
      '--to',
      '2026-07',
      '--out',
      file('x.csv'),
    ]);
    expect(noFormat.err.join('')).toContain('--format csv|xlsx|json is required');
  });

  it('exits 2 for an input that is missing, not a dataset, or has invalid records', async () => {
    const missing = await run(
      withChange(base('csv', file('m.csv')), ['--input', file('nope.json')]),
    );
    expect(missing.code).toBe(2);
    expect(missing.err.join('')).toContain(
      `--input "${file('nope.json')}": cannot read the file (ENOENT)`,
    );

    const broken = writeInput(dir, 'broken.json', '{"format": "counsellor-workstation.dataset", ');
    const notJson = await run([
      'report',
      '--input',
      broken,
      '--from',
      '2026-06',
      '--to',
      '2026-11',
      '--format',
      'csv',
      '--out',
      file('m.csv'),
    ]);
    expect(notJson.code).toBe(2);
    expect(notJson.err.join('')).toMatch(/--input ".*broken\.json": The file is not valid JSON/);

    const invalid = writeInput(dir, 'invalid.json', {
      format: 'counsellor-workstation.dataset',
      version: 1,
      participants: [{ id: 'p-1', name: 'A', email: 'not an e-mail', language: 'en' }],
    });
    const bad = await run([
      'report',
      '--input',
      invalid,
      '--from',
      '2026-06',
      '--to',
      '2026-11',
      '--format',
      'json',
      '--out',
      file('m.json'),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.err.join('')).toContain('1 of 1 records are invalid (see: cli -- check-dataset');
    expect(bad.err.join('')).not.toContain('not an e-mail');
    expect(existsSync(file('m.csv'))).toBe(false);
    expect(existsSync(file('m.json'))).toBe(false);
  });

  it('names a file it cannot write, and leaves no temporary file', async () => {
    const result = await run(base('csv', path.join(dir, 'missing', 'r.csv')));
    expect(result.code).toBe(2);
    expect(result.err.join('')).toContain('cannot write the file (ENOENT)');
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('counts topics from the dataset through the vocabulary', async () => {
    const participants = Array.from({ length: 6 }, (_, i) => ({
      id: `p-${i}`,
      name: `Person ${i}`,
      email: `person${i}@example.com`,
      language: 'en',
    }));
    const messages = participants.map((p, i) => ({
      id: `m-${i}`,
      threadId: `t-${i}`,
      participantId: p.id,
      subject: 'Hello',
      body: 'Some text',
      receivedAt: '2026-11-02T10:00:00+09:00',
      topics: ['Workplace', 'my neighbour Mr Sato'],
    }));
    const input = writeInput(dir, 'topics.json', {
      format: 'counsellor-workstation.dataset',
      version: 1,
      participants,
      messages,
    });
    const result = await run([
      'report',
      '--input',
      input,
      '--from',
      '2026-11',
      '--to',
      '2026-11',
      '--format',
      'csv',
      '--out',
      file('t.csv'),
      '--threshold',
      '5',
      '--now',
      NOW,
    ]);
    expect(result.code).toBe(0);
    const text = readFileSync(file('t.csv'), 'utf8');
    expect(text).toContain('2026-11,messages-received,topic:work-stress,6\r\n');
    expect(text).toContain('2026-11,messages-received,topic:other,6\r\n');
    expect(text).not.toMatch(/Sato|neighbour|Workplace/);
  });

  it('suppresses and audits a report with the earlier releases it overlaps (--earlier)', async () => {
    const first = await run([
      ...base('json', file('jun-aug.json')).map((a) => (a === '2026-11' ? '2026-08' : a)),
    ]);
    expect(first.code).toBe(0);
    const second = await run(
      base('json', file('jun-nov.json'), '--earlier', file('jun-aug.json'), '--json'),
    );
    expect(second).toMatchObject({ code: 0, err: [] });
    expect(JSON.parse(second.out[0]!)).toMatchObject({ earlier: 1, from: '2026-06' });
    const read = (name: string) =>
      publishedReportSchema.parse(JSON.parse(readFileSync(file(name), 'utf8')));
    const [a, b] = [read('jun-aug.json'), read('jun-nov.json')];
    // Read together, as CLAIR holds them, nothing hidden can be worked out.
    const counts = a.rows.filter((r) => !/share|hours/.test(r.measure));
    expect(auditPublishedReport(b, counts).problems).toEqual([]);
    // What the first hid stays hidden.
    const hidden = new Set(
      a.rows.filter((r) => r.value === '*').map((r) => `${r.period}|${r.measure}|${r.category}`),
    );
    for (const row of b.rows) {
      if (hidden.has(`${row.period}|${row.measure}|${row.category}`)) expect(row.value).toBe('*');
    }
  });

  it('keeps a register of its releases (--register): each later release is made with them, and no warning', async () => {
    const register = file('register.json');
    const months = (to: string) => (a: string) => (a === '2026-11' ? to : a);
    const first = await run([
      ...base('json', file('reg-jun-aug.json')).map(months('2026-08')),
      '--register',
      register,
      '--json',
    ]);
    expect(first).toMatchObject({ code: 0, err: [] });
    expect(JSON.parse(first.out[0]!)).toMatchObject({ earlier: 0 });
    const second = await run([
      ...base('json', file('reg-jun-nov.json')),
      '--register',
      register,
      '--json',
    ]);
    expect(second).toMatchObject({ code: 0, err: [] });
    // The first release came from the register, without --earlier.
    expect(JSON.parse(second.out[0]!)).toMatchObject({ earlier: 1 });
    const read = (name: string) =>
      publishedReportSchema.parse(JSON.parse(readFileSync(name, 'utf8')));
    const [a, b] = [read(file('reg-jun-aug.json')), read(file('reg-jun-nov.json'))];
    const stored = JSON.parse(readFileSync(register, 'utf8')) as { releases: unknown[] };
    expect(stored.releases).toEqual([a, b]);
    // Read together, nothing hidden can be worked out, and what the first hid stays hidden.
    expect(
      auditPublishedReport(
        b,
        a.rows.filter((r) => !/share|hours/.test(r.measure)),
      ).problems,
    ).toEqual([]);
    const hidden = new Set(
      a.rows.filter((r) => r.value === '*').map((r) => `${r.period}|${r.measure}|${r.category}`),
    );
    for (const row of b.rows) {
      if (hidden.has(`${row.period}|${row.measure}|${row.category}`)) expect(row.value).toBe('*');
    }
    // The same release made again is not recorded twice.
    const again = await run([...base('json', file('reg-jun-nov.json')), '--register', register]);
    expect(again.code).toBe(0);
    expect(
      (JSON.parse(readFileSync(register, 'utf8')) as { releases: unknown[] }).releases,
    ).toHaveLength(2);
  });

  it('exits 2 for a --register file that is not a register, naming it, and writes nothing', async () => {
    writeFileSync(
      file('bad-register.json'),
      '{"format":"counsellor-workstation.report-register","version":1,"releases":[{"rows":3}]}',
    );
    const bad = await run(base('json', file('y.json'), '--register', file('bad-register.json')));
    expect(bad.code).toBe(2);
    expect(bad.err.join('\n')).toContain(
      `--register "${file('bad-register.json')}": not a register of releases: releases.0`,
    );
    expect(existsSync(file('y.json'))).toBe(false);
  });

  it('exits 2 for an --earlier file that is not a published report, naming it', async () => {
    writeFileSync(file('not-a-report.json'), '{"format":"something else"}');
    const bad = await run(base('json', file('x.json'), '--earlier', file('not-a-report.json')));
    expect(bad.code).toBe(2);
    expect(bad.err.join('\n')).toContain(
      `--earlier "${file('not-a-report.json')}": not a published report`,
    );
    writeFileSync(file('not-json.json'), 'period,measure');
    const text = await run(base('json', file('x.json'), '--earlier', file('not-json.json')));
    expect(text.code).toBe(2);
    expect(text.err.join('\n')).toContain('not JSON');
    expect(existsSync(file('x.json'))).toBe(false);
  });

  it('is listed in --help', async () => {
    const help = await run(['--help']);
    expect(help.out.join('\n')).toMatch(/report\s+Compute the anonymised usage report/);
  });
});
