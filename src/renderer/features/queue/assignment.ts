/**
 * Which mutation a change of a thread's assignee is (DOMAIN.md section 8): a counsellor takes a
 * thread for themselves and releases it to the queue; giving it to someone else is a supervisor's
 * reassignment. A supervisor's choice in the assignee list is always a reassignment (to a
 * counsellor, or back to the queue), so that it is never refused as a take of a held thread. The
 * sync server decides each: a take of a thread someone else holds is refused with the holder, a
 * counsellor's reassignment is refused for the role. Here the assignee is stored the same way
 * whichever it is.
 */
export type Assignment = 'take' | 'release' | 'reassign';

export function assignmentOf(change: {
  /** The counsellor chosen, or null for the shared queue. */
  to: string | null;
  /** The signed-in profile's counsellor, if it is a counsellor's. */
  me: string | null;
  role: 'co' | 'counsellor' | 'supervisor';
}): Assignment {
  const { to, me, role } = change;
  if (role === 'supervisor') return 'reassign';
  if (to === null) return 'release';
  return to === me ? 'take' : 'reassign';
}
