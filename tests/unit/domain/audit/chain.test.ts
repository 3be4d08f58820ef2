import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AUDIT_ACTIONS,
  AUDIT_REASON_MAX,
  AuditFieldError,
  GENESIS_HASH,
  canonicalAuditPayload,
  nextEntry,
  verifyAuditChain,
  type AuditEntry,
  type AuditFields,
  type HashFn,
} from '../../../../src/domain/audit';

const sha256: HashFn = (text) =>
  Promise.resolve(createHash('sha256').update(text, 'utf8').digest('hex'));

const T0 = Date.parse('2026-12-02T12:00:00+09:00');

const FIELDS: AuditFields[] = [
  { atMs: T0, profile: 'c1', action: 'reveal', object: 'p1', reason: 'Calling the participant' },
  { atMs: T0 + 1_000, profile: 's1', action: 'export', object: 'sessions-2026-12', reason: '' },
  { atMs: T0 + 2_000, profile: 's1', action: 'role-change', object: 'c1', reason: 'Promotion' },
];

async function chainOf(fields: readonly AuditFields[]): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (const f of fields) entries.push(await nextEntry(entries.at(-1) ?? null, f, sha256));
  return entries;
}

describe('audit chain', () => {
  it('links each entry to the one before, from 64 zeros', async () => {
    const [a, b, c] = await chainOf(FIELDS);
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(a).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, ...FIELDS[0] });
    expect(b).toMatchObject({ seq: 2, prevHash: a!.hash });
    expect(c).toMatchObject({ seq: 3, prevHash: b!.hash });
    expect(a!.hash).toBe(await sha256(canonicalAuditPayload(a!)));
    expect(a!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes a fixed serialisation of every field and the previous hash', () => {
    const payload = canonicalAuditPayload({
      seq: 2,
      atMs: 5,
      profile: 'c1',
      action: 'reveal',
      object: 'p1',
      reason: 'a "quoted" reason',
      prevHash: GENESIS_HASH,
    });
    expect(payload).toBe(
      `["counsellor-workstation.audit/1",2,5,"c1","reveal","p1","a \\"quoted\\" reason","${GENESIS_HASH}"]`,
    );
  });

  type Case = {
    name: string;
    tamper: (chain: AuditEntry[]) => AuditEntry[];
    verdict: Awaited<ReturnType<typeof verifyAuditChain>>;
  };
  const cases: Case[] = [
    { name: 'untouched', tamper: (c) => c, verdict: { ok: true, count: 3 } },
    { name: 'empty', tamper: () => [], verdict: { ok: true, count: 0 } },
    {
      name: "entry 2's reason edited",
      tamper: (c) => c.map((e) => (e.seq === 2 ? { ...e, reason: 'nothing to see' } : e)),
      verdict: { ok: false, brokenAt: 2, reason: 'edited' },
    },
    {
      name: "entry 3's hash replaced",
      tamper: (c) => c.map((e) => (e.seq === 3 ? { ...e, hash: 'f'.repeat(64) } : e)),
      verdict: { ok: false, brokenAt: 3, reason: 'edited' },
    },
    {
      name: 'entry 2 deleted',
      tamper: (c) => c.filter((e) => e.seq !== 2),
      verdict: { ok: false, brokenAt: 3, reason: 'removed-or-reordered' },
    },
    {
      name: 'entry 1 deleted',
      tamper: (c) => c.slice(1),
      verdict: { ok: false, brokenAt: 2, reason: 'removed-or-reordered' },
    },
    {
      name: 'entry 2 deleted and entry 3 renumbered',
      tamper: (c) => [c[0]!, { ...c[2]!, seq: 2 }],
      verdict: { ok: false, brokenAt: 2, reason: 'removed-or-reordered' },
    },
    {
      name: 'entries 2 and 3 swapped',
      tamper: (c) => [c[0]!, c[2]!, c[1]!],
      verdict: { ok: false, brokenAt: 3, reason: 'removed-or-reordered' },
    },
    {
      name: 'genesis changed',
      tamper: (c) => c.map((e) => (e.seq === 1 ? { ...e, prevHash: '1'.repeat(64) } : e)),
      verdict: { ok: false, brokenAt: 1, reason: 'bad-genesis' },
    },
  ];

  it.each(cases)('verifies: $name', async ({ tamper, verdict }) => {
    const chain = await chainOf(FIELDS);
    expect(await verifyAuditChain(tamper(chain), sha256)).toEqual(verdict);
  });

  it('reports a genesis rewritten with a fresh hash as bad-genesis too', async () => {
    const [first] = await chainOf(FIELDS.slice(0, 1));
    const prevHash = '2'.repeat(64);
    const rewritten = { ...first!, prevHash };
    rewritten.hash = await sha256(canonicalAuditPayload(rewritten));
    expect(await verifyAuditChain([rewritten], sha256)).toEqual({
      ok: false,
      brokenAt: 1,
      reason: 'bad-genesis',
    });
  });

  it('reads an async stream of entries', async () => {
    const chain = await chainOf(FIELDS);
    async function* stream() {
      for (const e of chain) yield await Promise.resolve(e);
    }
    expect(await verifyAuditChain(stream(), sha256)).toEqual({ ok: true, count: 3 });
  });

  it('refuses fields that are too long or unknown', async () => {
    const base = FIELDS[0]!;
    await expect(
      nextEntry(null, { ...base, reason: 'x'.repeat(AUDIT_REASON_MAX + 1) }, sha256),
    ).rejects.toThrow(AuditFieldError);
    await expect(nextEntry(null, { ...base, object: 'x'.repeat(201) }, sha256)).rejects.toThrow(
      /object/,
    );
    await expect(
      nextEntry(null, { ...base, action: 'delete' as AuditFields['action'] }, sha256),
    ).rejects.toThrow(/action/);
    await expect(nextEntry(null, { ...base, profile: '' }, sha256)).rejects.toThrow(/profile/);
    await expect(nextEntry(null, { ...base, atMs: 1.5 }, sha256)).rejects.toThrow(/atMs/);
    await expect(
      nextEntry(
        null,
        { ...base, reason: 'x'.repeat(AUDIT_REASON_MAX), object: 'y'.repeat(200) },
        sha256,
      ),
    ).resolves.toMatchObject({ seq: 1 });
  });

  it('refuses a hash function that does not give 64 lowercase hex digits', async () => {
    await expect(nextEntry(null, FIELDS[0]!, () => Promise.resolve('ABC'))).rejects.toThrow(/hex/);
  });
});

describe('audit chain (property)', () => {
  const fieldsArb: fc.Arbitrary<AuditFields> = fc.record({
    atMs: fc.integer({ min: 0, max: 4_102_444_800_000 }),
    profile: fc.string({ minLength: 1, maxLength: 20 }),
    action: fc.constantFrom(...AUDIT_ACTIONS),
    object: fc.string({ maxLength: 30 }),
    reason: fc.string({ maxLength: 60 }),
  });

  const EDITABLE = ['atMs', 'profile', 'action', 'object', 'reason', 'hash', 'prevHash'] as const;
  type Tamper =
    | { kind: 'edit'; at: number; field: (typeof EDITABLE)[number] }
    | { kind: 'delete'; at: number }
    | { kind: 'swap'; at: number };

  const tamperArb: fc.Arbitrary<Tamper> = fc.oneof(
    fc.record({
      kind: fc.constant('edit' as const),
      at: fc.nat(),
      field: fc.constantFrom(...EDITABLE),
    }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('swap' as const), at: fc.nat() }),
  );

  function edited(entry: AuditEntry, field: (typeof EDITABLE)[number]): AuditEntry {
    switch (field) {
      case 'atMs':
        return { ...entry, atMs: entry.atMs + 1 };
      case 'action':
        return { ...entry, action: AUDIT_ACTIONS.find((a) => a !== entry.action)! };
      case 'hash':
      case 'prevHash': {
        const h = entry[field];
        return { ...entry, [field]: (h[0] === '0' ? '1' : '0') + h.slice(1) };
      }
      default:
        return { ...entry, [field]: `${entry[field]}!` };
    }
  }

  it('detects any single edit, deletion or swap, at the right place', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fieldsArb, { minLength: 1, maxLength: 8 }),
        tamperArb,
        async (fields, tamper) => {
          const chain = await chainOf(fields);
          expect(await verifyAuditChain(chain, sha256)).toEqual({ ok: true, count: chain.length });
          const at = tamper.at % chain.length;
          const seqAt = at + 1;
          if (tamper.kind === 'edit') {
            const tampered = chain.map((e, i) => (i === at ? edited(e, tamper.field) : e));
            const reason =
              tamper.field !== 'prevHash'
                ? 'edited'
                : at === 0
                  ? 'bad-genesis'
                  : 'removed-or-reordered';
            expect(await verifyAuditChain(tampered, sha256)).toEqual({
              ok: false,
              brokenAt: seqAt,
              reason,
            });
          } else if (tamper.kind === 'delete') {
            const tampered = chain.filter((_, i) => i !== at);
            const verdict = await verifyAuditChain(tampered, sha256);
            if (at === chain.length - 1) {
              // Removing the newest entries leaves a valid, shorter chain: the documented limit of
              // a hash chain without an external anchor.
              expect(verdict).toEqual({ ok: true, count: chain.length - 1 });
            } else {
              expect(verdict).toEqual({
                ok: false,
                brokenAt: seqAt + 1,
                reason: 'removed-or-reordered',
              });
            }
          } else {
            fc.pre(chain.length >= 2);
            const i = Math.min(at, chain.length - 2);
            const tampered = [...chain];
            [tampered[i], tampered[i + 1]] = [tampered[i + 1]!, tampered[i]!];
            expect(await verifyAuditChain(tampered, sha256)).toEqual({
              ok: false,
              brokenAt: i + 2,
              reason: 'removed-or-reordered',
            });
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
