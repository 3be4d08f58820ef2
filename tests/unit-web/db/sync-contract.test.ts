/**
 * The sync contract and the workstation agree on what is sealed: every field the workstation seals
 * at rest travels sealed, and the server's schemas refuse plaintext in each of those fields.
 */
import { describe, expect, it } from 'vitest';
import { SEALED_FIELDS } from '../../../src/renderer/db/crypto/sealed-records';
import { SYNCED_TABLES, type SyncedTable } from '../../../src/sync/records';
import type { sealedSchema } from '../../../src/sync/sealed';

const envelope = {
  v: 1,
  kid: 'k-1',
  iv: Buffer.alloc(12, 1).toString('base64'),
  ct: Buffer.alloc(32, 2).toString('base64'),
};

describe('the sync contract seals what the workstation seals', () => {
  const synced = Object.keys(SYNCED_TABLES) as SyncedTable[];

  it.each(synced.filter((t) => t in SEALED_FIELDS))('%s: the same sealed fields', (table) => {
    const workstation = [...SEALED_FIELDS[table as keyof typeof SEALED_FIELDS].fields].sort();
    expect([...SYNCED_TABLES[table].sealed].sort()).toEqual(workstation);
  });

  it('every synced table with text the workstation seals is in the contract', () => {
    // Tables that stay on the workstation: drafts (a person's unsent text), templates, claims
    // (subsidy) and audit reasons are not synced yet.
    const local = ['drafts', 'templates', 'claims', 'auditReasons'];
    expect(
      Object.keys(SEALED_FIELDS)
        .filter((t) => !local.includes(t))
        .sort(),
    ).toEqual(synced.filter((t) => t in SEALED_FIELDS).sort());
  });

  it.each(
    synced.flatMap((table) => SYNCED_TABLES[table].sealed.map((field) => [table, field] as const)),
  )('%s.%s: plaintext is refused, an envelope accepted', (table, field) => {
    const shape = (SYNCED_TABLES[table].schema as unknown as { shape: Record<string, unknown> })
      .shape;
    const fieldSchema = shape[field] as typeof sealedSchema;
    expect(fieldSchema.safeParse(envelope).success).toBe(true);
    expect(fieldSchema.safeParse('Ms Tanaka, 2012345678').success).toBe(false);
    expect(fieldSchema.safeParse({ ...envelope, clear: 'Ms Tanaka' }).success).toBe(false);
    expect(fieldSchema.safeParse({ ...envelope, iv: 'short' }).success).toBe(false);
  });
});

describe('record ids on the wire', () => {
  it('take what an import accepts, and refuse ids that would carry an identifier unsealed', async () => {
    const { recordIdSchema } = await import('../../../src/sync/records');
    for (const ok of ['p-0001', '01J9Z3Q5V8N2', '2026/001 (Tokyo)', 'x'.repeat(200), '相談-001'])
      expect(recordIdSchema.safeParse(ok).success).toBe(true);
    for (const bad of ['', 'x'.repeat(201), 'p\n1', 'p-20123456789', 'tanaka@example.com'])
      expect(recordIdSchema.safeParse(bad).success).toBe(false);
  });
});

describe('ids the workstation makes', () => {
  it('are never refused by the contract (a UUID that looks like a JET number is drawn again)', async () => {
    const { newId } = await import('../../../src/renderer/db/ids');
    const { recordIdSchema } = await import('../../../src/sync/records');
    // About one random UUID in ten thousand holds "20" and nine more digits in a row.
    const ids = Array.from({ length: 30_000 }, newId);
    expect(ids.filter((id) => !recordIdSchema.safeParse(id).success)).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
