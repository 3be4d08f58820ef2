/**
 * The JSON Schema of the dataset format, generated from the zod schemas (./schema), so that the
 * two never disagree. docs/dataset.schema.json holds it; scripts/generate-dataset-schema.ts
 * writes that file, and a unit test checks it is current.
 *
 * What JSON Schema cannot say is checked by the import only (./validate): unique ids, references,
 * threads, real calendar dates, lengths in code points above the plausible limits. Lengths in the
 * schema (maxLength) are counted in code points, as JSON Schema counts them.
 */
import { z } from 'zod';
import { datasetSchema } from './schema';

export const DATASET_SCHEMA_ID = 'https://counsellor-workstation.example/dataset.schema.json';

export function datasetJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(datasetSchema, { target: 'draft-2020-12', io: 'input' });
  const { $schema, ...rest } = generated as Record<string, unknown>;
  return { $schema, $id: DATASET_SCHEMA_ID, ...rest };
}
