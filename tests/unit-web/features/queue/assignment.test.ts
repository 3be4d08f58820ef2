import { describe, expect, it } from 'vitest';
import { assignmentOf } from '../../../../src/renderer/features/queue/assignment';

describe('which mutation a change of assignee is', () => {
  it.each([
    // A counsellor takes for themselves, releases to the queue, and gives to a colleague only as
    // a reassignment (which the sync server refuses for their role).
    [{ to: 'c1', me: 'c1', role: 'counsellor' }, 'take'],
    [{ to: null, me: 'c1', role: 'counsellor' }, 'release'],
    [{ to: 'c2', me: 'c1', role: 'counsellor' }, 'reassign'],
    [{ to: 'c2', me: null, role: 'counsellor' }, 'reassign'],
    // A supervisor's choice is always a reassignment, to the queue too.
    [{ to: 'c2', me: null, role: 'supervisor' }, 'reassign'],
    [{ to: 's1', me: 's1', role: 'supervisor' }, 'reassign'],
    [{ to: null, me: null, role: 'supervisor' }, 'reassign'],
  ] as const)('%o: %s', (change, expected) => {
    expect(assignmentOf(change)).toBe(expected);
  });
});
