/**
 * The heavy work of a bridge call, in a worker thread (off-loop.ts): the host's event loop keeps
 * answering other calls meanwhile, and a call that runs too long is ended by terminating the
 * worker. One task at a time; the worker is kept for the next one while it is wanted.
 */
import { parentPort } from 'node:worker_threads';
import { writeBackupFromBody } from './backup-body';
import { jsonSyntaxProblem } from './json-check';
import type { OffLoopResult, OffLoopTask } from './off-loop';

const BACKUP_FORMAT = 'counsellor-workstation.backup';
const BACKUP_DATA_PREFIX = /^\s*\{\s*"format"\s*:\s*"counsellor-workstation\.backup-data"/;

async function run(task: OffLoopTask): Promise<OffLoopResult> {
  if (task.kind === 'report-file') {
    // Loaded only for reports: a backup's worker starts without the PDF and workbook libraries.
    const [{ auditPublishedReport }, { renderReportCsv, renderReportPdf, renderReportXlsx }] =
      await Promise.all([import('../../domain/reports'), import('./report-files')]);
    // The last gate before a file for CLAIR exists: no suppressed count may be worked back from
    // what the file would publish, together with the earlier releases it overlaps.
    if (!auditPublishedReport(task.report, task.earlier).ok) return { ok: false, reason: 'audit' };
    if (task.format === 'csv') return { ok: true, text: renderReportCsv(task.report) };
    const bytes =
      task.format === 'xlsx'
        ? await renderReportXlsx(task.report)
        : await renderReportPdf(task.report, { language: task.language });
    return { ok: true, bytes };
  }
  if (task.kind === 'backup-body') {
    const head = `{"format":"${BACKUP_FORMAT}","version":1,"keystore":${JSON.stringify(task.keystore)},"data":`;
    const result = await writeBackupFromBody(task.bodyFile, task.outFile, head);
    if (result.ok) return { ok: true, suggestedName: result.suggestedName, written: result.bytes };
    return {
      ok: false,
      reason: result.reason,
      ...('detail' in result ? { detail: result.detail } : {}),
      ...('path' in result ? { path: result.path } : {}),
    };
  }
  // A backup: its data must be one JSON value of the backup-data format; it is spliced into the
  // file as it came (its MAC covers its own text), never parsed into records.
  const problem = jsonSyntaxProblem(task.data);
  if (problem !== null) return { ok: false, reason: 'not-json', detail: problem };
  if (!BACKUP_DATA_PREFIX.test(task.data.slice(0, 200))) return { ok: false, reason: 'not-backup' };
  const head = `{"format":"${BACKUP_FORMAT}","version":1,"keystore":${JSON.stringify(task.keystore)},"data":`;
  const bytes = Buffer.concat([
    Buffer.from(head, 'utf8'),
    Buffer.from(task.data, 'utf8'),
    Buffer.from('}\n', 'utf8'),
  ]);
  return { ok: true, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}

parentPort?.on('message', (task: OffLoopTask) => {
  run(task).then(
    (result) => {
      const transfer =
        result.ok && 'bytes' in result && result.bytes.byteOffset === 0
          ? [result.bytes.buffer as ArrayBuffer]
          : [];
      parentPort?.postMessage(result, transfer);
    },
    () => parentPort?.postMessage({ ok: false, reason: 'crashed' } satisfies OffLoopResult),
  );
});
