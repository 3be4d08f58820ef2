/**
 * Writes docs/dataset.schema.json, the JSON Schema of the dataset format, from its zod schemas
 * (src/domain/dataset/schema.ts), formatted as Prettier would.
 *
 *   npx tsx scripts/generate-dataset-schema.ts           # write the file
 *   npx tsx scripts/generate-dataset-schema.ts --check   # exit 1 if the file is not current
 *
 * tests/unit/domain/dataset/json-schema.test.ts fails when the file is not current.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { datasetJsonSchema } from '../src/domain/dataset/json-schema';

export const DATASET_SCHEMA_FILE = fileURLToPath(
  new URL('../docs/dataset.schema.json', import.meta.url),
);

/** The text the file should hold. */
export async function datasetSchemaFileText(): Promise<string> {
  const options = (await resolveConfig(DATASET_SCHEMA_FILE)) ?? {};
  return format(JSON.stringify(datasetJsonSchema(), null, 2), {
    ...options,
    filepath: DATASET_SCHEMA_FILE,
  });
}

async function main(args: string[]): Promise<void> {
  const text = await datasetSchemaFileText();
  if (args.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(DATASET_SCHEMA_FILE, 'utf8');
    } catch {
      // missing: not current
    }
    if (current !== text) {
      process.stderr.write(
        `${DATASET_SCHEMA_FILE} is not current: run npx tsx scripts/generate-dataset-schema.ts\n`,
      );
      process.exitCode = 1;
    }
    return;
  }
  writeFileSync(DATASET_SCHEMA_FILE, text);
  process.stdout.write(`wrote ${DATASET_SCHEMA_FILE}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
