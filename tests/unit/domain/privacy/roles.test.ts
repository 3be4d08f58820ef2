import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CAPABILITIES,
  ROLES,
  can,
  seesAtLeast,
  switchNeedsPassphrase,
  type Capability,
  type Role,
} from '../../../../src/domain/privacy/roles';

describe('roles', () => {
  it.each<[Role, Capability, boolean]>([
    ['co', 'co-view', true],
    ['co', 'queue', false],
    ['co', 'sessions', false],
    ['co', 'audit', false],
    ['co', 'settings', false],
    ['co', 'reveal-jet-number', false],
    ['co', 'export-session-log', false],
    ['co', 'manage-profiles', false],
    ['co', 'reports', false],
    ['co', 'export-report', false],
    ['counsellor', 'queue', true],
    ['counsellor', 'reveal-jet-number', true],
    ['counsellor', 'export-session-log', false],
    ['counsellor', 'reports', true],
    ['counsellor', 'export-report', false],
    ['supervisor', 'export-session-log', true],
    ['supervisor', 'reports', true],
    ['supervisor', 'export-report', true],
    ['supervisor', 'reveal-jet-number', true],
  ])('%s may %s: %s', (role, capability, expected) => {
    expect(can(role, capability)).toBe(expected);
  });

  it.each<[Role, Role, boolean]>([
    ['co', 'counsellor', true],
    ['co', 'supervisor', true],
    ['counsellor', 'supervisor', true],
    ['supervisor', 'counsellor', false],
    ['supervisor', 'co', false],
    ['counsellor', 'co', false],
    ['counsellor', 'counsellor', false],
  ])('switching from %s to %s needs the passphrase: %s', (from, to, expected) => {
    expect(switchNeedsPassphrase(from, to)).toBe(expected);
  });

  it('a role that sees at least as much as another has every one of its capabilities', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ROLES),
        fc.constantFrom(...ROLES),
        fc.constantFrom(...CAPABILITIES),
        (a, b, capability) => {
          if (seesAtLeast(a, b) && can(b, capability)) expect(can(a, capability)).toBe(true);
        },
      ),
    );
  });

  it('every switch that gains a capability needs the passphrase', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), fc.constantFrom(...ROLES), (from, to) => {
        const gains = CAPABILITIES.some((c) => can(to, c) && !can(from, c));
        if (gains) expect(switchNeedsPassphrase(from, to)).toBe(true);
      }),
    );
  });
});
