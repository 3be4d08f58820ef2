/// <reference lib="webworker" />
/**
 * Reads and checks a dataset file off the page's thread, so a 50 MB file neither freezes the page
 * nor holds it up: the page only stores what this worker found valid.
 */
import '../../zod-config';
import {
  createDatasetStreamCheck,
  validateDataset,
  type DatasetValidation,
  type KnownRecords,
  type ValidateDatasetOptions,
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
    const result = await checkFile(event.data.file, {
      known: event.data.known,
      nowMs: event.data.nowMs,
      onProgress: ({ done, total }) => post({ type: 'progress', done, total }),
    });
    post({ type: 'done', result });
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? error.name : 'error' });
  }
};

/**
 * The file checked as it is read (issue 12.5): records are checked one at a time and the text is
 * never held whole. A file that is no JSON object is read whole again and checked by
 * validateDataset, which says what is wrong and where.
 */
async function checkFile(file: Blob, options: ValidateDatasetOptions): Promise<DatasetValidation> {
  const check = createDatasetStreamCheck({ ...options, sizeHint: file.size });
  const reader = file.stream().pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    check.write(value);
  }
  return check.end() ?? validateDataset(await file.text(), options);
}
