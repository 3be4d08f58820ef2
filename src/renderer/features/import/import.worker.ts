/// <reference lib="webworker" />
/**
 * Reads and checks a dataset file off the page's thread, so a 50 MB file neither freezes the page
 * nor holds it up: the page only stores what this worker found valid.
 */
import '../../zod-config';
import {
  validateDataset,
  type DatasetValidation,
  type KnownRecords,
} from '../../../domain/dataset/validate';

export interface ImportWorkerRequest {
  file: Blob;
  known: KnownRecords;
  nowMs: number;
}

export type ImportWorkerMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; result: DatasetValidation }
  | { type: 'failed'; message: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (event: MessageEvent<ImportWorkerRequest>) => {
  const post = (message: ImportWorkerMessage) => scope.postMessage(message);
  try {
    const text = await event.data.file.text();
    const result = validateDataset(text, {
      known: event.data.known,
      nowMs: event.data.nowMs,
      onProgress: ({ done, total }) => post({ type: 'progress', done, total }),
    });
    post({ type: 'done', result });
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? error.name : 'error' });
  }
};
