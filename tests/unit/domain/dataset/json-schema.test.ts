import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import {
  DATASET_SCHEMA_FILE,
  datasetSchemaFileText,
} from '../../../../scripts/generate-dataset-schema';
import {
  datasetSchema,
  generateDemoDataset,
  validateDataset,
} from '../../../../src/domain/dataset';
import { datasetJsonSchema } from '../../../../src/domain/dataset/json-schema';
import { calendarWith } from '../calendar/helpers';
import { dataset, message, participant } from './builders';

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../fixtures/datasets/${name}`, import.meta.url), 'utf8'),
  ) as unknown;

describe('docs/dataset.schema.json', () => {
  it('is what scripts/generate-dataset-schema.ts generates from the zod schemas', async () => {
    expect(readFileSync(DATASET_SCHEMA_FILE, 'utf8')).toBe(await datasetSchemaFileText());
  });

  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validate = ajv.compile(datasetJsonSchema());

  it('accepts the good fixture and demo data, as the zod schema does', () => {
    const demo = JSON.parse(
      JSON.stringify(generateDemoDataset({ calendar: calendarWith(), messages: 300 })),
    ) as unknown;
    for (const document of [fixture('good.json'), demo]) {
      expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
      expect(datasetSchema.safeParse(document).success).toBe(true);
    }
  });

  it('refuses what the import refuses record by record', () => {
    expect(validate(fixture('mixed.json'))).toBe(false);
    expect(datasetSchema.safeParse(fixture('mixed.json')).success).toBe(false);
    const documents = [
      dataset({ participants: [participant({ jetNumber: '30123456789' })] }),
      dataset({ messages: [message({ receivedAt: '2026-11-23T10:00:00' })] }),
      dataset({ messages: [message({ author: 'c-1' })] }),
      dataset({ messages: [message({ body: '   ' })] }),
      dataset({ version: 2 }),
      dataset({ appointments: [] }),
    ];
    for (const document of documents) {
      expect(validate(document)).toBe(false);
      const text = JSON.stringify(document);
      const result = validateDataset(text);
      expect(!result.ok || result.counts.invalid > 0).toBe(true);
    }
  });

  it('accepts the example of docs/dataset.md, as the import does', () => {
    const markdown = readFileSync(new URL('../../../../docs/dataset.md', import.meta.url), 'utf8');
    const example = /```json\n([\s\S]*?)\n```/.exec(markdown)?.[1] ?? '';
    expect(validate(JSON.parse(example))).toBe(true);
    expect(validateDataset(example)).toMatchObject({
      ok: true,
      counts: { records: 14, invalid: 0 },
    });
  });

  it('counts lengths in code points, like the import', () => {
    const emoji = dataset({ messages: [message({ subject: '😔'.repeat(1_000) })] });
    expect(validate(emoji)).toBe(true);
    expect(validateDataset(JSON.stringify(emoji))).toMatchObject({ counts: { invalid: 0 } });
  });
});
