/**
 * Figures for issue 12 item 6 (docs/benchmarks.md): how long a small bridge call (app.info) waits
 * while a heavy call runs, and the host's peak memory, measured against a real browser host
 * started from a checkout (this one, or an older one for "before" figures):
 *
 *   node --import tsx scripts/heavy-calls-figures.ts [checkout-dir] [runs]
 *
 * (a) a crafted report.export whose cells are all suppressed (6 months by counsellor, as in
 *     tests/unit/host/heavy-calls.test.ts); (b) a 150 MB backup.save. For each run a fresh host is
 * started (fresh data folder, passphrase file); its peak RSS is VmHWM of the host process
 * (/proc/<pid>/status, Linux). Small calls are sent one after another, every 100 ms, from 100 ms
 * after the heavy call was sent until it is answered; the worst wait of a run is kept. The
 * bridge's own rules are followed: the token in the X-CW-Token header, bodies under the channel's
 * cap (backup.save takes 256 MiB after, 320 MiB before).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadHolidayData } from '../src/cli/commands/shared';
import { createBusinessCalendar } from '../src/domain/calendar';
import { generateDemoDataset } from '../src/domain/dataset';
import { buildReport, publish, reportInputFromDataset } from '../src/domain/reports';
import { DEFAULT_ORGANISATION_SETTINGS } from '../src/domain/settings/organisation-settings';

const checkout = path.resolve(process.argv[2] ?? '.');
const RUNS = Number(process.argv[3] ?? 3);
const BACKUP_BYTES = 150 * 1024 * 1024;
/** A small call not answered in this time is ended and counted as failed. */
const SMALL_CALL_TIMEOUT_MS = 180_000;

interface Host {
  port: number;
  token: string;
  child: ChildProcess;
  stop: () => void;
}

async function startHost(): Promise<Host> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cw-fig-data-'));
  const passDir = mkdtempSync(path.join(os.tmpdir(), 'cw-fig-pass-'));
  const passphraseFile = path.join(passDir, 'p.txt');
  writeFileSync(passphraseFile, 'figures passphrase for the heavy calls\n');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/host/main.ts',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--passphrase-file',
      passphraseFile,
    ],
    { cwd: checkout, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /ready at (\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`host exited ${code}`)));
  });
  const parsed = new URL(url);
  return {
    port: Number(parsed.port),
    token: parsed.searchParams.get('token') ?? '',
    child,
    stop: () => {
      child.kill('SIGTERM');
      setTimeout(() => {
        rmSync(dataDir, { recursive: true, force: true });
        rmSync(passDir, { recursive: true, force: true });
      }, 2_000);
    },
  };
}

function call(
  host: Host,
  channel: string,
  body: string | Buffer,
  timeoutMs = 0,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path: `/bridge/${channel}`,
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-CW-Token': host.token,
          'Content-Length': String(Buffer.byteLength(body)),
        },
        timeout: timeoutMs,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: 0, body: String(error.message) }));
    req.end(body);
  });
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** Sends `heavy`, and app.info calls one after another meanwhile; the worst wait and the heavy call's time. */
async function underLoad(
  host: Host,
  channel: string,
  body: string,
): Promise<{
  heavyMs: number;
  status: number;
  worstSmallMs: number;
  smallCalls: number;
  failures: string[];
}> {
  const started = performance.now();
  let done = false;
  const heavy = call(host, channel, body).then((reply) => {
    done = true;
    return { reply, ms: performance.now() - started };
  });
  let worst = 0;
  let count = 0;
  const failures: string[] = [];
  await new Promise((resolve) => setTimeout(resolve, 100));
  while (!done) {
    const t = performance.now();
    const reply = await call(host, 'app.info', '{}', SMALL_CALL_TIMEOUT_MS);
    // A call that failed (connection reset, no answer in time) is counted as its wait so far
    // and its error kept.
    worst = Math.max(worst, performance.now() - t);
    count += 1;
    if (reply.status !== 200) failures.push(`${reply.status} ${reply.body.slice(0, 60)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const { reply, ms } = await heavy;
  return { heavyMs: ms, status: reply.status, worstSmallMs: worst, smallCalls: count, failures };
}

function craftedReport() {
  const calendar = createBusinessCalendar({
    holidays: loadHolidayData(),
    settings: DEFAULT_ORGANISATION_SETTINGS,
  });
  const input = reportInputFromDataset(generateDemoDataset({ calendar, messages: 600 }));
  const report = publish(
    buildReport(input, {
      calendar,
      nowMs: Date.parse('2026-12-31T00:00:00Z'),
      threshold: 10,
      from: '2024-01',
      to: '2024-06',
      byCounsellor: true,
    }),
  );
  return { ...report, rows: report.rows.map((row) => ({ ...row, value: '*' as const })) };
}

function backupBody(): string {
  // One JSON value of the backup-data format, about 150 MB in the request body.
  const record = `"${'A'.repeat(1000)}"`;
  const count = Math.floor(BACKUP_BYTES / (record.length + 1));
  const data = `{"format":"counsellor-workstation.backup-data","tables":{"blob":[${Array(count).fill(record).join(',')}]}}`;
  return JSON.stringify({ suggestedName: 'figures.cwbackup', data });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function main(): Promise<void> {
  const which = process.argv[4] ?? 'both';
  const reportBody = JSON.stringify({
    format: 'csv',
    report: craftedReport(),
    suggestedName: 'crafted.csv',
  });
  const backup = backupBody();
  process.stdout.write(
    `checkout ${checkout}; report body ${(reportBody.length / 1024).toFixed(0)} KiB, backup body ${(backup.length / 2 ** 20).toFixed(0)} MiB\n`,
  );
  for (const [label, channel, body] of [
    ['report.export (all suppressed)', 'report.export', reportBody],
    ['backup.save (150 MB)', 'backup.save', backup],
  ] as const) {
    if (which !== 'both' && !channel.startsWith(which)) continue;
    const rows: { heavyMs: number; worstSmallMs: number; rssMb: number }[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const host = await startHost();
      try {
        const idleRss = peakRssMb(host.child.pid!);
        const result = await underLoad(host, channel, body);
        const rssMb = peakRssMb(host.child.pid!);
        rows.push({ ...result, rssMb });
        process.stdout.write(
          `${label} run ${i + 1}: status ${result.status}, heavy ${result.heavyMs.toFixed(0)} ms, worst app.info ${result.worstSmallMs.toFixed(0)} ms over ${result.smallCalls} calls (${result.failures.length} failed${result.failures.length > 0 ? `: ${[...new Set(result.failures)].join('; ')}` : ''}), peak RSS ${rssMb.toFixed(0)} MB (idle ${idleRss.toFixed(0)} MB)\n`,
        );
      } finally {
        host.stop();
      }
    }
    process.stdout.write(
      `${label} MEDIAN: heavy ${median(rows.map((r) => r.heavyMs)).toFixed(0)} ms, worst app.info ${median(rows.map((r) => r.worstSmallMs)).toFixed(0)} ms, peak RSS ${median(rows.map((r) => r.rssMb)).toFixed(0)} MB\n`,
    );
  }
  setTimeout(() => process.exit(0), 2_500);
}

await main();
