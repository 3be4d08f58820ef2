/**
 * Runs the heavy work of a bridge call in a worker thread (off-loop-worker.ts), within a time
 * limit, one call at a time: a crafted report whose audit would take minutes, or a backup of
 * hundreds of megabytes, never holds the main process's event loop (the other calls keep being
 * answered), and past the limit the worker is terminated and the call refused.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ReleaseRow } from '../../domain/reports';
import type { ReportFileFormat } from '../../bridge/schemas/exports';
import type { PublishedReport } from '../../bridge/schemas/reports';

export type OffLoopTask =
  | {
      kind: 'report-file';
      format: ReportFileFormat;
      report: PublishedReport;
      earlier: readonly ReleaseRow[];
      language: 'en' | 'ja';
    }
  | { kind: 'backup-file'; data: string; keystore: unknown }
  | {
      /** A backup.save body spooled to `bodyFile`, streamed into the backup file `outFile`. */
      kind: 'backup-body';
      bodyFile: string;
      outFile: string;
      keystore: unknown;
    };

export type OffLoopResult =
  | { ok: true; text: string }
  | { ok: true; suggestedName: string; written: number }
  | { ok: true; bytes: Uint8Array }
  | {
      ok: false;
      reason:
        | 'audit'
        | 'not-json'
        | 'not-backup'
        | 'body-not-json'
        | 'body-shape'
        | 'crashed'
        | 'timeout'
        | 'busy';
      detail?: string;
      /** For 'body-shape': the field of the body it is about. */
      path?: string[];
    };

/**
 * The worker: beside this module, JavaScript when built; TypeScript under tsx and in tests, where
 * the worker registers tsx's loader before it imports its module.
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./off-loop-worker.js', import.meta.url));
  const module = new URL('./off-loop-worker.ts', import.meta.url).href;
  // tsx's ES module API (its CommonJS twin cannot register the loader in a worker).
  const tsxApi = createRequire(import.meta.url)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs');
  const tsx = pathToFileURL(tsxApi).href;
  return new Worker(
    `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(module)}); })`,
    { eval: true },
  );
}

export interface OffLoopRunner {
  run(task: OffLoopTask, options: { timeoutMs: number }): Promise<OffLoopResult>;
}

/** How long an idle worker is kept for the next task (its start takes a while). */
const IDLE_MS = 60_000;

/**
 * One task at a time, in one worker kept between tasks (ended when idle, or terminated at a task's
 * time limit); a task while another runs is refused ('busy'), not queued.
 */
export function createOffLoopRunner(): OffLoopRunner {
  let busy = false;
  let worker: Worker | null = null;
  let idleTimer: NodeJS.Timeout | undefined;
  const end = () => {
    if (worker === null) return;
    void worker.terminate();
    worker = null;
  };
  return {
    async run(task, { timeoutMs }) {
      if (busy) return { ok: false, reason: 'busy' };
      busy = true;
      clearTimeout(idleTimer);
      try {
        worker ??= startWorker();
        worker.ref();
        const result = await runOn(worker, task, timeoutMs);
        // A worker that failed or ran over its time is not used again.
        if (!result.ok && (result.reason === 'timeout' || result.reason === 'crashed')) end();
        return result;
      } finally {
        busy = false;
        // Idle, it never keeps the process alive.
        worker?.unref();
        idleTimer = setTimeout(end, IDLE_MS);
        idleTimer.unref();
      }
    },
  };
}

function runOn(worker: Worker, task: OffLoopTask, timeoutMs: number): Promise<OffLoopResult> {
  return new Promise<OffLoopResult>((resolve) => {
    const settle = (result: OffLoopResult) => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onFailure);
      worker.off('exit', onFailure);
      resolve(result);
    };
    const onMessage = (result: OffLoopResult) => settle(result);
    const onFailure = () => settle({ ok: false, reason: 'crashed' });
    const timer = setTimeout(() => settle({ ok: false, reason: 'timeout' }), timeoutMs);
    worker.on('message', onMessage);
    worker.on('error', onFailure);
    worker.on('exit', onFailure);
    worker.postMessage(task);
  });
}
