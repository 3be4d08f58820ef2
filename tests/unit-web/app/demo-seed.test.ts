import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoSeedWanted } from '../../../src/renderer/app/demo-seed';

describe('only a seeding load asks for the demo dataset', () => {
  it('an empty database asks; an interrupted seeding is completed', () => {
    expect(demoSeedWanted({ seeded: false, seeding: false, empty: true, role: 'counsellor' })).toBe(
      true,
    );
    expect(demoSeedWanted({ seeded: false, seeding: true, empty: false, role: 'supervisor' })).toBe(
      true,
    );
  });

  it('never in the CO role, never once seeded, never into data of its own', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom('co', 'counsellor', 'supervisor' as const),
        (seeded, seeding, empty, role) => {
          const wanted = demoSeedWanted({ seeded, seeding, empty, role });
          if (role === 'co' || seeded || (!seeding && !empty)) expect(wanted).toBe(false);
        },
      ),
    );
  });
});
