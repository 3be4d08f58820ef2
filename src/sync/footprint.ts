/**
 * Which synced records a named mutation touches: its footprint. The workstation uses it to keep
 * the person's change on top of what a pull brings (a record with a mutation still waiting is not
 * overwritten until the server has dealt with it), and to know what a refused mutation's change
 * gives way to. Pure: it reads only the mutation's arguments.
 *
 * Choices where the contract leaves room:
 * - `reply.send` touches its thread and every message of the thread (the reply, and the
 *   participant messages it answers: the server works out which, by its own clock), named by the
 *   thread (`threadId`), not one by one.
 * - A record the mutation creates (a note, a reply, a session note, a booked session) is marked
 *   `created`: before the server takes it, the server has nothing of it.
 * - `records.import` touches every record it carries, as created (the server keeps a record it
 *   already holds, which then comes back in a pull).
 */
import type { MutationArgs, MutationName } from './mutations';
import type { SyncedTable } from './records';

export type FootprintEntry =
  | { table: SyncedTable; id: string; created: boolean }
  /** Every message of one thread (a reply answers some of them). */
  | { table: 'messages'; threadId: string; created: false };

type Footprints = { [N in MutationName]: (args: MutationArgs<N>) => FootprintEntry[] };

const thread = (threadId: string): FootprintEntry => ({
  table: 'threads',
  id: threadId,
  created: false,
});

const FOOTPRINTS: Footprints = {
  'thread.take': ({ threadId }) => [thread(threadId)],
  'thread.release': ({ threadId }) => [thread(threadId)],
  'thread.reassign': ({ threadId }) => [thread(threadId)],
  'thread.setRisk': ({ threadId }) => [thread(threadId)],
  'thread.setTags': ({ threadId }) => [thread(threadId)],
  'note.add': ({ noteId }) => [{ table: 'notes', id: noteId, created: true }],
  'reply.send': ({ replyId, threadId }) => [
    { table: 'messages', id: replyId, created: true },
    { table: 'messages', threadId, created: false },
    thread(threadId),
  ],
  'sessionNote.add': ({ noteId }) => [{ table: 'sessionNotes', id: noteId, created: true }],
  'session.book': ({ sessionId }) => [{ table: 'sessions', id: sessionId, created: true }],
  'session.change': ({ sessionId }) => [{ table: 'sessions', id: sessionId, created: false }],
  'session.cancel': ({ sessionId }) => [{ table: 'sessions', id: sessionId, created: false }],
  'session.recordOutcome': ({ sessionId }) => [
    { table: 'sessions', id: sessionId, created: false },
  ],
  'availability.putRule': ({ rule }) => [
    { table: 'availabilityRules', id: rule.id, created: false },
  ],
  'availability.removeRule': ({ ruleId }) => [
    { table: 'availabilityRules', id: ruleId, created: false },
  ],
  'availability.putException': ({ exception }) => [
    { table: 'availabilityExceptions', id: exception.id, created: false },
  ],
  'availability.removeException': ({ exceptionId }) => [
    { table: 'availabilityExceptions', id: exceptionId, created: false },
  ],
  // The register only grows on the workstation: a release refused (or a withdrawal) never takes
  // a release off it, so neither keeps a copy to give way to.
  'release.record': () => [],
  'release.withdraw': () => [],
  // Nothing is written on the workstation: the records the server builds arrive by the pull.
  'intake.accept': () => [],
  'reply.forPortal': () => [],
  'settings.update': () => [{ table: 'settings', id: 'organisation', created: false }],
  'records.import': ({ records }) =>
    records.map(({ table, record }) => ({ table, id: record.id, created: true })),
};

/** The records a mutation touches. Arguments are those the contract parsed for `name`. */
export function footprintOf<N extends MutationName>(
  name: N,
  args: MutationArgs<N>,
): FootprintEntry[] {
  return FOOTPRINTS[name](args);
}

/** The key of one record in a footprint set (`threads/t-1`). */
export const recordKey = (table: string, id: string) => `${table}/${id}`;
/** The key that covers every message of a thread. */
export const threadMessagesKey = (threadId: string) => `messages@${threadId}`;

/** The keys of a footprint, for a set of everything pending. */
export function footprintKeys(entries: readonly FootprintEntry[]): string[] {
  return entries.map((e) =>
    'threadId' in e ? threadMessagesKey(e.threadId) : recordKey(e.table, e.id),
  );
}
