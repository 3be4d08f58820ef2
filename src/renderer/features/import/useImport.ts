import { useCallback, useState } from 'react';
import type { DocumentProblem } from '../../../domain/dataset/validate';
import { useClock } from '../../app/clock';
import { useWorkstationDb } from '../../app/database';
import { duringUninterruptibleWork } from '../../app/desktop';
import type { ImportReport } from '../../db/repositories/import';
import type { ImportWorkerMessage, ImportWorkerRequest } from './import.worker';

export type ImportState =
  | { phase: 'idle' }
  | { phase: 'checking'; fileName: string; done: number; total: number }
  | { phase: 'storing'; fileName: string; done: number; total: number; step: 'storing' | 'threads' }
  | { phase: 'done'; fileName: string; report: ImportReport }
  | { phase: 'rejected'; fileName: string; problems: DocumentProblem[] }
  | { phase: 'failed'; fileName: string; message: string };

function checkInWorker(
  request: ImportWorkerRequest,
  onProgress: (done: number, total: number) => void,
) {
  return new Promise<Extract<ImportWorkerMessage, { type: 'done' }>['result']>(
    (resolve, reject) => {
      const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = (event: MessageEvent<ImportWorkerMessage>) => {
        const message = event.data;
        if (message.type === 'progress') onProgress(message.done, message.total);
        else {
          worker.terminate();
          if (message.type === 'done') resolve(message.result);
          else reject(new Error(message.message));
        }
      };
      worker.onerror = () => {
        worker.terminate();
        reject(new Error('The file could not be read.'));
      };
      worker.postMessage(request);
    },
  );
}

/** Imports a dataset file: checks it in a worker, then stores the valid records in chunks. */
export function useImport(onImported: () => void) {
  const { maintenance, search, hasRiskSignal, audit, profile } = useWorkstationDb();
  const clock = useClock();
  const [state, setState] = useState<ImportState>({ phase: 'idle' });

  const importFile = useCallback(
    async (file: File) => {
      const fileName = file.name;
      setState({ phase: 'checking', fileName, done: 0, total: 0 });
      try {
        const nowMs = clock.now().getTime();
        const known = await maintenance.knownRecords();
        const result = await checkInWorker({ file, known, nowMs }, (done, total) =>
          setState({ phase: 'checking', fileName, done, total }),
        );
        if (!result.ok) {
          setState({ phase: 'rejected', fileName, problems: result.problems });
          return;
        }
        const report = await maintenance.importChecked(result, {
          nowMs,
          hasRiskSignal,
          // Audited before anything is stored; an import cut short is finished at the next unlock.
          onStart: async ({ total }) => {
            await audit.append(
              {
                profile,
                action: 'import',
                object: 'dataset',
                reason: { code: 'import-started', total },
              },
              nowMs,
            );
          },
          onProgress: (p) =>
            setState({ phase: 'storing', fileName, done: p.done, total: p.total, step: p.phase }),
        });
        // The new messages become searchable (the index is read again from the stored text).
        void search.rebuild();
        // The audit log says that an import happened and its size, never the file's name or content.
        const added = Object.values(report.added).reduce((sum, n) => sum + n, 0);
        await audit.append(
          {
            profile,
            action: 'import',
            object: 'dataset',
            reason: {
              code: 'import-finished',
              added,
              invalid: report.invalidCount,
              conflicts: report.conflicts.length,
            },
          },
          nowMs,
        );
        setState({ phase: 'done', fileName, report });
        onImported();
      } catch (error) {
        setState({
          phase: 'failed',
          fileName,
          message: error instanceof Error ? error.message : String(error),
        });
      }
    },
    [maintenance, search, hasRiskSignal, clock, onImported, audit, profile],
  );

  // An update never installs while an import runs (issue 17 §3).
  const start = useCallback(
    (file: File) => duringUninterruptibleWork('import', () => importFile(file)),
    [importFile],
  );

  const reset = useCallback(() => setState({ phase: 'idle' }), []);
  return { state, start, reset };
}
