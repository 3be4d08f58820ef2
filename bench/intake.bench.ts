/**
 * Issue 16: the portal's intake under a steady load, on PGlite and on a real PostgreSQL. The
 * server runs in a process of its own (./sync-server-process.ts); the portal and one counsellor's
 * workstation (the page's own code: ./page/intake-queue.ts) run in the bench's process. The
 * portal delivers 1,000 messages a minute (one a request, every 60 ms, each its own conversation,
 * from 100 registered participants) for 10 minutes; the workstation takes them in on each poke,
 * as the page's sync loop does.
 *
 * Per minute: the delivery latency's p95 (the portal's request to its answer: sealing each field
 * on arrival included) and the p95 of the time until the message is visible in the workstation's
 * queue (the portal's request to the message in the workstation's database, opened under the
 * organisation's keys: the server's poke, the pending list, opening and sealing again, the
 * `intake.accept` push and the pull). Each minute is a run; the table shows the median of the
 * minutes' p95. The issue's target: visible within 2 s (p95) on loopback. Every message must be
 * delivered and reach the queue: the bench fails otherwise.
 *
 *   npm run bench -- intake                      (this file only; about 22 minutes)
 *   CW_BENCH_INTAKE_MINUTES=2 npm run bench -- intake   (shorter, to try it)
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SuiteResult } from './benchmark';
import { startPostgres, startServerProcess, type ServerProcess } from './sync.bench';
import { BENCH_PASSWORD, counsellorLogin } from './sync-server-process';

const PER_MINUTE = 1_000;
const MINUTES = Number(process.env.CW_BENCH_INTAKE_MINUTES ?? 10);

const write = (line: string) => process.stdout.write(`${line}\n`);

/** Nearest-rank percentile. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

interface IntakeMinute {
  delivered: number;
  deliveryMs: number[];
  visibleMs: number[];
}

/** ./page/intake-queue.ts, the page's code: loaded at run time, typed here by its shape. */
interface PageIntake {
  deliveriesSeenInQueue(options: {
    base: string;
    slug: string;
    counsellor: string;
    password: string;
    apiKey: string;
    minutes: number;
    perMinute: number;
    onMinute?: (minute: number, figures: IntakeMinute) => void;
  }): Promise<IntakeMinute[]>;
}

async function pageIntake(): Promise<PageIntake> {
  const file = fileURLToPath(new URL('./page/intake-queue.ts', import.meta.url));
  return (await import(pathToFileURL(file).href)) as PageIntake;
}

async function measure(label: string, server: ServerProcess): Promise<SuiteResult[]> {
  const slug = `intake-${Date.now().toString(36)}`;
  await server.organisation(slug, 1);
  const apiKey = await server.portal(slug);
  const page = await pageIntake();
  const minutes = await page.deliveriesSeenInQueue({
    base: server.url,
    slug,
    counsellor: counsellorLogin(1),
    password: BENCH_PASSWORD,
    apiKey,
    minutes: MINUTES,
    perMinute: PER_MINUTE,
    onMinute: (minute, figures) =>
      write(
        `  ${label}: minute ${minute + 1} sent, delivery p95 so far ${percentile(figures.deliveryMs, 95).toFixed(1)} ms`,
      ),
  });
  const all = minutes.flatMap((m) => m.visibleMs);
  write(
    `  ${label}: ${minutes.reduce((n, m) => n + m.delivered, 0)} delivered in ${MINUTES} min; visible p50 ${percentile(all, 50).toFixed(0)} ms, p95 ${percentile(all, 95).toFixed(0)} ms, max ${Math.max(...all).toFixed(0)} ms`,
  );
  return [
    {
      name: `Intake: delivery latency, p95 (${label})`,
      description: `The portal's request to its answer, one message a request at ${PER_MINUTE} a minute for ${MINUTES} minutes, each field sealed on arrival; a run is a minute's p95 (our target: 250 ms)`,
      unit: 'ms',
      better: 'lower',
      target: 250,
      runs: minutes.map((m) => percentile(m.deliveryMs, 95)),
    },
    {
      name: `Intake: visible in a workstation's queue, p95 (${label})`,
      description: `From the portal's request to the message opened in a counsellor's workstation (poke, pending, open and seal again, intake.accept, pull), at ${PER_MINUTE} a minute; a run is a minute's p95 (the issue's target: 2 s)`,
      unit: 'ms',
      better: 'lower',
      target: 2_000,
      runs: minutes.map((m) => percentile(m.visibleMs, 95)),
    },
  ];
}

export async function suite(): Promise<SuiteResult[]> {
  const results: SuiteResult[] = [];
  write(`  PGlite: ${PER_MINUTE} messages a minute for ${MINUTES} minutes`);
  const pglite = await startServerProcess(null);
  try {
    results.push(...(await measure('PGlite', pglite)));
  } finally {
    await pglite.stop();
  }
  const postgres = await startPostgres();
  if (!postgres) {
    write('  PostgreSQL: not installed here, so PGlite only (apt-get install postgresql)');
    return results;
  }
  try {
    write(
      `  PostgreSQL ${postgres.version}: ${PER_MINUTE} messages a minute for ${MINUTES} minutes`,
    );
    const server = await startServerProcess(postgres.url);
    try {
      results.push(...(await measure(`PostgreSQL ${postgres.version}`, server)));
    } finally {
      await server.stop();
    }
  } finally {
    postgres.stop();
  }
  return results;
}
