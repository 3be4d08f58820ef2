/** Small records and documents for the dataset tests. */
import {
  DATASET_FORMAT,
  validateDataset,
  type DatasetChecked,
  type ValidateDatasetOptions,
} from '../../../../src/domain/dataset';

export type Json = Record<string, unknown>;

export function participant(over: Json = {}): Json {
  return {
    id: 'p-1',
    jetNumber: '20123456789',
    name: 'Emily Johnson',
    email: 'emily.johnson@example.com',
    language: 'en',
    ...over,
  };
}

export function counsellor(over: Json = {}): Json {
  return { id: 'c-1', name: 'Margaret Ellison', languages: ['en'], ...over };
}

export function message(over: Json = {}): Json {
  return {
    id: 'm-1',
    threadId: 't-1',
    participantId: 'p-1',
    subject: 'Feeling really lonely',
    body: 'The weekends feel endless.',
    receivedAt: '2026-11-23T10:00:00+09:00',
    ...over,
  };
}

export function reply(over: Json = {}): Json {
  return {
    id: 'r-1',
    threadId: 't-1',
    participantId: 'p-1',
    subject: 'Re: Feeling really lonely',
    body: 'Thank you for writing to us.',
    author: 'c-1',
    sentAt: '2026-11-24T15:00:00+09:00',
    ...over,
  };
}

export function dataset(collections: Json = {}): Json {
  return {
    format: DATASET_FORMAT,
    version: 1,
    participants: [participant()],
    counsellors: [counsellor()],
    messages: [],
    ...collections,
  };
}

/** Validates the document as a file would hold it; fails the test if the file is refused. */
export function check(document: Json, options?: ValidateDatasetOptions): DatasetChecked {
  const result = validateDataset(JSON.stringify(document, null, 2), options);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.problems)}`);
  return result;
}

/** position → problem codes, for the invalid records of a check. */
export function problemCodes(result: DatasetChecked): Record<string, string[]> {
  return Object.fromEntries(
    result.invalid.map((r) => [r.position, r.problems.map((p) => `${p.field}:${p.code}`)]),
  );
}
