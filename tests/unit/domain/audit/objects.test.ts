import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAuditObject } from '../../../../src/domain/audit/objects';

describe('parseAuditObject', () => {
  it('reads the objects the app writes', () => {
    expect(parseAuditObject('participant:p-1')).toEqual({ kind: 'participant', id: 'p-1' });
    expect(parseAuditObject('profile:0193')).toEqual({ kind: 'profile', id: '0193' });
    expect(parseAuditObject('report:2026-04..2027-03')).toEqual({
      kind: 'report',
      from: '2026-04',
      to: '2027-03',
    });
    expect(parseAuditObject('report:2026-11')).toEqual({
      kind: 'report',
      from: '2026-11',
      to: '2026-11',
    });
    expect(parseAuditObject('session-log:12')).toEqual({ kind: 'session-log', rows: 12 });
    expect(parseAuditObject('data-key:k-2')).toEqual({ kind: 'data-key' });
    expect(parseAuditObject('organisation-settings')).toEqual({ kind: 'settings' });
    expect(parseAuditObject('dataset')).toEqual({ kind: 'dataset' });
    expect(parseAuditObject('thread:t-1')).toEqual({ kind: 'thread' });
  });

  it('never carries an id or text out, except the ids it looks up', () => {
    fc.assert(
      fc.property(fc.string(), (object) => {
        const ref = parseAuditObject(object);
        const carried = JSON.stringify(ref);
        if (ref.kind === 'participant' || ref.kind === 'profile')
          expect(object).toBe(`${ref.kind}:${ref.id}`);
        else if (ref.kind === 'report' || ref.kind === 'session-log')
          expect(carried).toMatch(/^[^a-zA-Z]*("kind"|"report"|"session-log"|"from"|"to"|"rows")/);
        else expect(Object.keys(ref)).toEqual(['kind']);
      }),
      { numRuns: 2000 },
    );
    expect(parseAuditObject('report:20222222222')).toEqual({ kind: 'other' });
    // Found by this property: an object named like a prototype member is no plain kind.
    expect(parseAuditObject('valueOf')).toEqual({ kind: 'other' });
    expect(parseAuditObject('__proto__')).toEqual({ kind: 'other' });
    expect(parseAuditObject('session-log:emily')).toEqual({ kind: 'other' });
  });
});
