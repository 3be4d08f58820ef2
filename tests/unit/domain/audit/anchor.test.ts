/**
 * Which audit anchor Verify checks the log against: the one beside the key store, or the one the
 * sync server holds for this workstation (src/domain/audit/anchor.ts, `newerAnchor`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newerAnchor, type AuditAnchorReading } from '../../../../src/domain/audit/anchor';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

describe('newerAnchor', () => {
  it.each<[string, AuditAnchorReading, { count: number; head: string } | null, AuditAnchorReading]>(
    [
      [
        'no server anchor: the local one',
        { state: 'set', count: 3, head: A },
        null,
        { state: 'set', count: 3, head: A },
      ],
      [
        'the server ahead (a rolled-back folder): the server’s',
        { state: 'set', count: 3, head: A },
        { count: 5, head: B },
        { state: 'set', count: 5, head: B },
      ],
      [
        'the same count, another head (a fork): the server’s',
        { state: 'set', count: 5, head: A },
        { count: 5, head: B },
        { state: 'set', count: 5, head: B },
      ],
      [
        'the same anchor: either',
        { state: 'set', count: 5, head: A },
        { count: 5, head: A },
        { state: 'set', count: 5, head: A },
      ],
      [
        'the local one ahead (not sent yet): the local one',
        { state: 'set', count: 7, head: A },
        { count: 5, head: B },
        { state: 'set', count: 7, head: A },
      ],
      [
        'no local anchor (the file removed): the server’s',
        { state: 'none' },
        { count: 2, head: B },
        { state: 'set', count: 2, head: B },
      ],
      [
        'a damaged local anchor stays damaged',
        { state: 'damaged' },
        { count: 2, head: B },
        { state: 'damaged' },
      ],
      ['locked stays locked', { state: 'locked' }, { count: 2, head: B }, { state: 'locked' }],
    ],
  )('%s', (_, local, server, expected) => {
    expect(newerAnchor(local, server)).toEqual(expected);
  });

  it('property: never vouches for fewer entries than either anchor it was given', () => {
    const head = fc.constantFrom(A, B);
    fc.assert(
      fc.property(
        fc.nat(1000),
        head,
        fc.option(fc.record({ count: fc.nat(1000), head })),
        (count, localHead, server) => {
          const chosen = newerAnchor({ state: 'set', count, head: localHead }, server);
          if (chosen.state !== 'set') return false;
          return chosen.count >= count && chosen.count >= (server?.count ?? 0);
        },
      ),
    );
  });
});
