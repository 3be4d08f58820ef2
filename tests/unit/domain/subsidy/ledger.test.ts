import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SUBSIDY_CAP_YEN,
  checkClaim,
  computeLedger,
  coveragePeriodOf,
  halfCostYen,
  remainingAllowance,
  type SubsidyClaimInput,
} from '../../../../src/domain/subsidy';

let seq = 0;
function claim(
  participantId: string,
  counsellingDate: string,
  costYen: number,
  extra: Partial<SubsidyClaimInput> = {},
): SubsidyClaimInput {
  seq += 1;
  return {
    id: `cl-${String(seq).padStart(3, '0')}`,
    participantId,
    counsellingDate,
    provider: 'Tokyo Counselling Room',
    costYen,
    createdAtMs: seq,
    ...extra,
  };
}

function ledgerOf(claims: SubsidyClaimInput[]) {
  const result = computeLedger(claims);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result;
}

describe('coverage periods', () => {
  it('run from 1 April to 31 March, by the date of counselling', () => {
    expect(coveragePeriodOf('2027-03-31')).toEqual({
      label: 'FY2026',
      start: '2026-04-01',
      end: '2027-03-31',
    });
    expect(coveragePeriodOf('2027-04-01')).toEqual({
      label: 'FY2027',
      start: '2027-04-01',
      end: '2028-03-31',
    });
    expect(coveragePeriodOf('2028-02-29').label).toBe('FY2027');
    expect(() => coveragePeriodOf('2027-02-29')).toThrow(RangeError);
  });
});

describe('the subsidy ledger (DOMAIN.md section 6)', () => {
  it('pays 50% of the cost, rounded down to the yen', () => {
    expect(halfCostYen(8_001)).toBe(4_000);
    expect(halfCostYen(1)).toBe(0);
    const { entries } = ledgerOf([
      claim('p-1', '2026-05-10', 8_001),
      claim('p-1', '2026-05-17', 7),
    ]);
    expect(entries.map((e) => [e.halfCostYen, e.subsidyYen, e.remainingAfterYen])).toEqual([
      [4_000, 4_000, 26_000],
      [3, 3, 25_997],
    ]);
  });

  it('caps a participant at ¥30,000 per coverage period: partly on the claim that meets it, 0 after', () => {
    const { entries, allowances } = ledgerOf([
      claim('p-1', '2026-04-10', 24_000), // 12,000
      claim('p-1', '2026-06-10', 30_000), // 15,000: 27,000 used
      claim('p-1', '2026-09-10', 10_001), // 5,000 asked, 3,000 left: partly
      claim('p-1', '2026-12-10', 20_000), // nothing left
      claim('p-2', '2026-12-10', 20_000), // another participant: own cap
    ]);
    expect(
      entries.map((e) => [
        e.participantId,
        e.subsidyYen,
        e.cappedYen,
        e.usedBeforeYen,
        e.remainingAfterYen,
      ]),
    ).toEqual([
      ['p-1', 12_000, 0, 0, 18_000],
      ['p-1', 15_000, 0, 12_000, 3_000],
      ['p-1', 3_000, 2_000, 27_000, 0],
      ['p-1', 0, 10_000, 30_000, 0],
      ['p-2', 10_000, 0, 0, 20_000],
    ]);
    expect(allowances).toEqual([
      {
        participantId: 'p-1',
        coveragePeriod: { label: 'FY2026', start: '2026-04-01', end: '2027-03-31' },
        claims: 4,
        subsidyYen: 30_000,
        remainingYen: 0,
      },
      {
        participantId: 'p-2',
        coveragePeriod: { label: 'FY2026', start: '2026-04-01', end: '2027-03-31' },
        claims: 1,
        subsidyYen: 10_000,
        remainingYen: 20_000,
      },
    ]);
  });

  it('starts a new allowance on 1 April: 31 March and 1 April are in different periods', () => {
    const { entries } = ledgerOf([
      claim('p-1', '2027-03-31', 80_000), // 40,000 asked: 30,000 in FY2026
      claim('p-1', '2027-04-01', 80_000), // FY2027: 30,000 again
    ]);
    expect(entries.map((e) => [e.coveragePeriod.label, e.subsidyYen, e.cappedYen])).toEqual([
      ['FY2026', 30_000, 10_000],
      ['FY2027', 30_000, 10_000],
    ]);
    expect(remainingAllowance(entries, 'p-1', '2026-04-01')).toBe(0);
    expect(remainingAllowance(entries, 'p-1', '2028-04-01')).toBe(SUBSIDY_CAP_YEN);
    expect(remainingAllowance(entries, 'p-2', '2027-01-01')).toBe(SUBSIDY_CAP_YEN);
  });

  it('takes claims by date of counselling, then entry, then id, whatever order they come in', () => {
    const late = claim('p-1', '2026-05-01', 40_000, { createdAtMs: 1 }); // entered first
    const early = claim('p-1', '2026-04-20', 40_000, { createdAtMs: 2 });
    const sameDayB = claim('p-1', '2026-05-01', 2_000, { id: 'b', createdAtMs: 5 });
    const sameDayA = claim('p-1', '2026-05-01', 2_000, { id: 'a', createdAtMs: 5 });
    const { entries } = ledgerOf([sameDayB, late, sameDayA, early]);
    expect(entries.map((e) => [e.claimId, e.subsidyYen])).toEqual([
      [early.id, 20_000],
      [late.id, 10_000],
      ['a', 0],
      ['b', 0],
    ]);
    const again = ledgerOf([early, sameDayA, late, sameDayB]);
    expect(again.entries).toEqual(entries);
  });

  it('never pays more than the cap in a period, nor more than half a claim (property)', () => {
    const claimArb = fc.record({
      participant: fc.constantFrom('p-1', 'p-2'),
      date: fc.date({
        min: new Date('2026-01-01T00:00:00Z'),
        max: new Date('2028-12-31T00:00:00Z'),
        noInvalidDate: true,
      }),
      costYen: fc.integer({ min: 1, max: 100_000 }),
    });
    fc.assert(
      fc.property(fc.array(claimArb, { maxLength: 30 }), (list) => {
        const claims = list.map((c, i) =>
          claim(c.participant, c.date.toISOString().slice(0, 10), c.costYen, { id: `x-${i}` }),
        );
        const { entries, allowances } = ledgerOf(claims);
        const byPeriod = new Map<string, number>();
        for (const e of entries) {
          expect(e.subsidyYen).toBeGreaterThanOrEqual(0);
          expect(e.subsidyYen).toBeLessThanOrEqual(Math.floor(e.costYen / 2));
          expect(Number.isInteger(e.subsidyYen)).toBe(true);
          const key = `${e.participantId} ${e.coveragePeriod.label}`;
          byPeriod.set(key, (byPeriod.get(key) ?? 0) + e.subsidyYen);
          // Short of the cap, a claim gets its full half.
          if (e.usedBeforeYen + e.halfCostYen <= SUBSIDY_CAP_YEN) {
            expect(e.subsidyYen).toBe(e.halfCostYen);
          }
        }
        for (const total of byPeriod.values()) expect(total).toBeLessThanOrEqual(SUBSIDY_CAP_YEN);
        for (const a of allowances) {
          expect(a.subsidyYen + a.remainingYen).toBe(SUBSIDY_CAP_YEN);
        }
      }),
    );
  });

  it('leaves soft-deleted claims out', () => {
    const { entries } = ledgerOf([
      claim('p-1', '2026-05-01', 60_000, { deletedAt: 5 }),
      claim('p-1', '2026-05-02', 10_000),
    ]);
    expect(entries.map((e) => e.subsidyYen)).toEqual([5_000]);
  });
});

describe('bad claims', () => {
  it.each([
    [{ costYen: -100 }, 'costYen', 'must be more than 0 yen'],
    [{ costYen: 0 }, 'costYen', 'must be more than 0 yen'],
    [{ costYen: 100.5 }, 'costYen', 'must be a whole number of yen (no fractions)'],
    [{ costYen: Number.NaN }, 'costYen', 'must be a whole number of yen'],
    [{ costYen: 100_000_001 }, 'costYen', 'is more than ¥100,000,000; that cannot be right'],
    [
      { counsellingDate: '2026-02-30' },
      'counsellingDate',
      'must be a real JST date written YYYY-MM-DD, e.g. 2026-11-23',
    ],
    [
      { counsellingDate: '2026-5-01' },
      'counsellingDate',
      'must be a real JST date written YYYY-MM-DD, e.g. 2026-11-23',
    ],
    [{ counsellingDate: '1999-12-31' }, 'counsellingDate', 'is not in the years 2000 to 2099'],
    [{ provider: '  ' }, 'provider', 'is missing or blank'],
    [{ participantId: '' }, 'participantId', 'is missing or blank'],
    [
      { createdAtMs: Number.POSITIVE_INFINITY },
      'createdAtMs',
      'must be an instant in epoch milliseconds',
    ],
  ])('refuses %j, naming the field', (change, field, reason) => {
    const bad = claim('p-1', '2026-05-01', 1_000, change);
    expect(checkClaim(bad, 3)).toEqual([{ index: 3, claimId: bad.id, field, reason }]);
    const result = computeLedger([claim('p-1', '2026-05-01', 1_000), bad]);
    expect(result).toEqual({ ok: false, problems: [{ index: 1, claimId: bad.id, field, reason }] });
  });

  it('refuses two claims with the same id', () => {
    const a = claim('p-1', '2026-05-01', 1_000, { id: 'dup' });
    const b = claim('p-2', '2026-05-02', 1_000, { id: 'dup' });
    expect(computeLedger([a, b])).toEqual({
      ok: false,
      problems: [
        {
          index: 1,
          claimId: 'dup',
          field: 'id',
          reason: 'is already used by the claim at position 0; ids must be unique',
        },
      ],
    });
  });

  it('never repeats the value that was wrong', () => {
    const bad = claim('p-1', '2026-02-31', -7_777, { provider: 'x'.repeat(201) });
    const text = JSON.stringify(checkClaim(bad));
    expect(text).not.toContain('7777');
    expect(text).not.toContain('2026-02-31');
    expect(text).not.toContain('xxxx');
  });
});
