/**
 * What each named mutation does on the server: authorise by role, run the rule of `src/domain`
 * the workstation ran, and write the records it changes, all with the server's clock. A handler
 * that refuses has written nothing (the caller rolls back to before it) and says why with a code.
 */
import { summariseMessages } from '../../domain/queue/thread-summary';
import type { MutationArgs, MutationName } from '../../sync/mutations';
import type { RefusalCode } from '../../sync/protocol';
import type { MessageWire, ParticipantWire, SessionWire, ThreadWire } from '../../sync/records';
import type { Sql } from '../db/database';
import {
  bookSession,
  cancelSession,
  changeSession,
  putAvailabilityException,
  putAvailabilityRule,
  recordSessionOutcome,
  removeAvailabilityException,
  removeAvailabilityRule,
} from './booking-handlers';
import { deleteRecord, readRecord, recordExists, rescopeThread, writeRecord } from './store';

export interface Actor {
  accountId: string;
  role: 'counsellor' | 'supervisor';
  /** The counsellor record this person answers as. */
  counsellorId: string | null;
}

export interface MutationContext {
  tx: Sql;
  orgId: string;
  actor: Actor;
  /** The server's clock: it decides claims and cutoffs. */
  now: number;
  /** This mutation's version (every row it writes carries it). */
  version: number;
}

export type Outcome =
  { ok: true } | { ok: false; code: RefusalCode; params?: Record<string, string | number | null> };

const APPLIED: Outcome = { ok: true };
const refuse = (code: RefusalCode, params?: Record<string, string | number | null>): Outcome => ({
  ok: false,
  code,
  ...(params ? { params } : {}),
});

type Handler<N extends MutationName> = (
  ctx: MutationContext,
  args: MutationArgs<N>,
) => Promise<Outcome>;

/** Who "I" am in a thread's assignee field: the person's counsellor record. */
const me = (ctx: MutationContext) => ctx.actor.counsellorId;
const isSupervisor = (ctx: MutationContext) => ctx.actor.role === 'supervisor';

/** A counsellor may work on a thread that is unheld or theirs; a supervisor on any. */
function mayWorkOn(ctx: MutationContext, thread: ThreadWire): boolean {
  return isSupervisor(ctx) || thread.assigneeId === null || thread.assigneeId === me(ctx);
}

async function writeThread(ctx: MutationContext, thread: ThreadWire, scopeChanged: boolean) {
  await writeRecord(ctx.tx, {
    orgId: ctx.orgId,
    table: 'threads',
    id: thread.id,
    record: thread,
    version: ctx.version,
    scope: null,
    threadId: null,
    now: ctx.now,
  });
  if (scopeChanged)
    await rescopeThread(ctx.tx, ctx.orgId, thread.id, thread.assigneeId, ctx.version, ctx.now);
}

const loadThread = (ctx: MutationContext, id: string) =>
  readRecord<ThreadWire>(ctx.tx, ctx.orgId, 'threads', id);

const take: Handler<'thread.take'> = async (ctx, { threadId }) => {
  const mine = me(ctx);
  if (mine === null) return refuse('forbidden-role');
  const stored = await loadThread(ctx, threadId);
  if (!stored) return refuse('not-found', { table: 'threads' });
  const holder = stored.record.assigneeId;
  if (holder === mine) return APPLIED;
  if (holder !== null) return refuse('thread-held', { holderId: holder });
  await writeThread(ctx, { ...stored.record, assigneeId: mine }, true);
  return APPLIED;
};

const release: Handler<'thread.release'> = async (ctx, { threadId }) => {
  const stored = await loadThread(ctx, threadId);
  if (!stored) return refuse('not-found', { table: 'threads' });
  const holder = stored.record.assigneeId;
  if (holder === null) return APPLIED;
  if (holder !== me(ctx) && !isSupervisor(ctx)) return refuse('thread-held', { holderId: holder });
  await writeThread(ctx, { ...stored.record, assigneeId: null }, true);
  return APPLIED;
};

const reassign: Handler<'thread.reassign'> = async (ctx, { threadId, counsellorId }) => {
  if (!isSupervisor(ctx)) return refuse('forbidden-role');
  const stored = await loadThread(ctx, threadId);
  if (!stored) return refuse('not-found', { table: 'threads' });
  if (counsellorId !== null && !(await readRecord(ctx.tx, ctx.orgId, 'counsellors', counsellorId)))
    return refuse('not-found', { table: 'counsellors' });
  if (stored.record.assigneeId === counsellorId) return APPLIED;
  await writeThread(ctx, { ...stored.record, assigneeId: counsellorId }, true);
  return APPLIED;
};

const setRisk: Handler<'thread.setRisk'> = async (ctx, { threadId, level }) => {
  const stored = await loadThread(ctx, threadId);
  if (!stored) return refuse('not-found', { table: 'threads' });
  if (!mayWorkOn(ctx, stored.record))
    return refuse('thread-held', { holderId: stored.record.assigneeId });
  await writeThread(
    ctx,
    {
      ...stored.record,
      risk: level,
      riskSetBy: me(ctx) ?? ctx.actor.accountId,
      riskSetAtMs: ctx.now,
    },
    false,
  );
  return APPLIED;
};

const setTags: Handler<'thread.setTags'> = async (ctx, { threadId, tags }) => {
  const stored = await loadThread(ctx, threadId);
  if (!stored) return refuse('not-found', { table: 'threads' });
  if (!mayWorkOn(ctx, stored.record))
    return refuse('thread-held', { holderId: stored.record.assigneeId });
  const unique = [...new Set(tags)].sort();
  await writeThread(ctx, { ...stored.record, tags: unique }, false);
  return APPLIED;
};

const addNote: Handler<'note.add'> = async (ctx, { noteId, threadId, body }) => {
  const stored = await loadThread(ctx, threadId);
  if (!stored) return refuse('not-found', { table: 'threads' });
  if (!mayWorkOn(ctx, stored.record))
    return refuse('thread-held', { holderId: stored.record.assigneeId });
  if (await recordExists(ctx.tx, ctx.orgId, 'notes', noteId)) return refuse('already-exists');
  await writeRecord(ctx.tx, {
    orgId: ctx.orgId,
    table: 'notes',
    id: noteId,
    record: {
      id: noteId,
      createdAt: ctx.now,
      threadId,
      authorId: me(ctx) ?? ctx.actor.accountId,
      body,
    },
    version: ctx.version,
    scope: stored.record.assigneeId,
    threadId,
    now: ctx.now,
  });
  return APPLIED;
};

const sendReply: Handler<'reply.send'> = async (ctx, { replyId, threadId, subject, body }) => {
  const mine = me(ctx);
  if (mine === null) return refuse('forbidden-role');
  const stored = await loadThread(ctx, threadId);
  if (!stored) return refuse('not-found', { table: 'threads' });
  const holder = stored.record.assigneeId;
  // First come, first served: a thread someone else holds is theirs to answer.
  if (holder !== null && holder !== mine) return refuse('thread-held', { holderId: holder });
  if (await recordExists(ctx.tx, ctx.orgId, 'messages', replyId)) return refuse('already-exists');
  const { rows } = await ctx.tx.query<{ record: MessageWire }>(
    `SELECT record FROM records WHERE org_id = $1 AND tbl = 'messages' AND thread_id = $2 AND record IS NOT NULL`,
    [ctx.orgId, threadId],
  );
  const reply: MessageWire = {
    id: replyId,
    createdAt: ctx.now,
    threadId,
    participantId: stored.record.participantId,
    kind: 'reply',
    subject,
    body,
    receivedAtMs: null,
    requestedCounsellorId: null,
    answeredAtMs: null,
    authorId: mine,
    sentAtMs: ctx.now,
    delivery: 'confirmed',
    overLimit: false,
    sourceHash: null,
  };
  const messages = [...rows.map((r) => r.record), reply];
  const summary = summariseMessages(messages);
  const write = (message: MessageWire) =>
    writeRecord(ctx.tx, {
      orgId: ctx.orgId,
      table: 'messages',
      id: message.id,
      record: message,
      version: ctx.version,
      scope: mine,
      threadId,
      now: ctx.now,
    });
  await write(reply);
  for (const answered of summary.answered) if (answered.id !== replyId) await write(answered);
  await writeThread(ctx, { ...stored.record, ...summary.facts, assigneeId: mine }, holder !== mine);
  // A participant who came through the portal: the answer is due to the portal (a workstation
  // that can read it seals it to the portal's key: reply.forPortal).
  await ctx.tx.query(
    `INSERT INTO portal_answers (org_id, reply_id, thread_id, participant_id, sent_at)
     SELECT $1, $2, $3, $4, $5 WHERE EXISTS (
       SELECT 1 FROM intake_deliveries WHERE org_id = $1 AND kind = 'participant' AND external_id = $4)
     ON CONFLICT DO NOTHING`,
    [ctx.orgId, replyId, threadId, stored.record.participantId, ctx.now],
  );
  return APPLIED;
};

/** A reply sealed for the portal: fills its due answer once (a later one changes nothing). */
const replyForPortal: Handler<'reply.forPortal'> = async (ctx, { replyId, subject, body }) => {
  await ctx.tx.query(
    `UPDATE portal_answers SET sealed = $3::jsonb, seq = nextval('portal_answer_seq')
     WHERE org_id = $1 AND reply_id = $2 AND seq IS NULL`,
    [ctx.orgId, replyId, JSON.stringify({ subject, body })],
  );
  return APPLIED;
};

/**
 * A note on a video session: insert-only. Written by the session's counsellor or a supervisor;
 * seen by that counsellor and supervisors only (its scope is the session's counsellor, and moves
 * with the session: `session.change`).
 */
const addSessionNote: Handler<'sessionNote.add'> = async (ctx, { noteId, sessionId, body }) => {
  const session = await readRecord<SessionWire>(ctx.tx, ctx.orgId, 'sessions', sessionId);
  if (!session) return refuse('not-found', { table: 'sessions' });
  const counsellorId = session.record.counsellorId;
  if (!isSupervisor(ctx) && me(ctx) !== counsellorId) return refuse('forbidden-role');
  if (await recordExists(ctx.tx, ctx.orgId, 'sessionNotes', noteId))
    return refuse('already-exists');
  await writeRecord(ctx.tx, {
    orgId: ctx.orgId,
    table: 'sessionNotes',
    id: noteId,
    record: {
      id: noteId,
      createdAt: ctx.now,
      sessionId,
      authorId: me(ctx) ?? ctx.actor.accountId,
      body,
    },
    version: ctx.version,
    scope: counsellorId,
    threadId: null,
    now: ctx.now,
  });
  return APPLIED;
};

const updateSettings: Handler<'settings.update'> = async (ctx, { settings }) => {
  if (!isSupervisor(ctx)) return refuse('forbidden-role');
  await writeRecord(ctx.tx, {
    orgId: ctx.orgId,
    table: 'settings',
    id: 'organisation',
    record: settings,
    version: ctx.version,
    scope: null,
    threadId: null,
    now: ctx.now,
  });
  return APPLIED;
};

/**
 * A release on the organisation's register: anyone of the organisation may add one (it only ever
 * adds suppression to later reports).
 */
const recordRelease: Handler<'release.record'> = async (ctx, { release }) => {
  if (await recordExists(ctx.tx, ctx.orgId, 'releases', release.id))
    return refuse('already-exists');
  await writeRecord(ctx.tx, {
    orgId: ctx.orgId,
    table: 'releases',
    id: release.id,
    record: release,
    version: ctx.version,
    scope: null,
    threadId: null,
    now: ctx.now,
  });
  return APPLIED;
};

/** Taking a release off the register weakens later suppression: supervisors only. */
const withdrawRelease: Handler<'release.withdraw'> = async (ctx, { releaseId }) => {
  if (!isSupervisor(ctx)) return refuse('forbidden-role');
  const existing = await readRecord(ctx.tx, ctx.orgId, 'releases', releaseId);
  if (!existing) return refuse('not-found', { table: 'releases' });
  await deleteRecord(ctx.tx, ctx.orgId, 'releases', releaseId, ctx.version, ctx.now);
  return APPLIED;
};

const importRecords: Handler<'records.import'> = async (ctx, { records }) => {
  if (!isSupervisor(ctx)) return refuse('forbidden-role');
  // Threads first, so that a message in the same batch finds its thread's holder.
  const order = {
    counsellors: 0,
    participants: 1,
    threads: 2,
    threadSubjects: 3,
    messages: 4,
    sessions: 5,
    availabilityRules: 5,
    availabilityExceptions: 5,
  };
  const sorted = [...records].sort((a, b) => order[a.table] - order[b.table]);
  const holders = new Map<string, string | null>();
  const holderOf = async (threadId: string) => {
    if (!holders.has(threadId))
      holders.set(threadId, (await loadThread(ctx, threadId))?.record.assigneeId ?? null);
    return holders.get(threadId) ?? null;
  };
  for (const { table, record } of sorted) {
    if (await recordExists(ctx.tx, ctx.orgId, table, record.id)) continue;
    let threadId: string | null = null;
    if (table === 'threads') holders.set(record.id, record.assigneeId);
    if (table === 'threadSubjects') threadId = record.id;
    if (table === 'messages') threadId = record.threadId;
    await writeRecord(ctx.tx, {
      orgId: ctx.orgId,
      table,
      id: record.id,
      record,
      version: ctx.version,
      scope: threadId === null ? null : await holderOf(threadId),
      threadId,
      now: ctx.now,
    });
  }
  return APPLIED;
};

/**
 * A portal's delivery taken in (issue 16): the records are built here from what the server holds
 * of the delivery (the ids, its own receipt instant, the flags), with the fields the workstation
 * sealed again under the organisation's data keys; the delivery's own sealed copy is emptied. A
 * delivery taken in already (by another workstation) changes nothing.
 */
const acceptIntake: Handler<'intake.accept'> = async (ctx, args) => {
  const kind = args.kind;
  const externalId = args.kind === 'participant' ? args.participantId : args.messageId;
  const { rows } = await ctx.tx.query<{
    seq: string;
    received_at: string;
    meta: Record<string, unknown>;
    accepted_at: string | null;
  }>(
    `SELECT seq, received_at, meta, accepted_at FROM intake_deliveries
     WHERE org_id = $1 AND kind = $2 AND external_id = $3 FOR UPDATE`,
    [ctx.orgId, kind, externalId],
  );
  const delivery = rows[0];
  if (delivery === undefined) return refuse('not-found', { table: 'intake' });
  if (delivery.accepted_at !== null) return APPLIED;
  const receivedAt = Number(delivery.received_at);
  const write = (
    table: 'participants' | 'threads' | 'threadSubjects' | 'messages',
    record: { id: string },
    scope: string | null,
    threadId: string | null,
  ) =>
    writeRecord(ctx.tx, {
      orgId: ctx.orgId,
      table,
      id: record.id,
      record,
      version: ctx.version,
      scope,
      threadId,
      now: ctx.now,
    });

  if (args.kind === 'participant') {
    // Imported from a file before: the record held is kept.
    if (!(await recordExists(ctx.tx, ctx.orgId, 'participants', externalId))) {
      const participant: ParticipantWire = {
        id: externalId,
        createdAt: receivedAt,
        jetNumber: args.jetNumber,
        name: args.name,
        email: args.email,
        language: delivery.meta.language === 'ja' ? 'ja' : 'en',
        jetIndex: args.jetIndex,
        sourceHash: null,
      };
      await write('participants', participant, null, null);
    }
  } else if (!(await recordExists(ctx.tx, ctx.orgId, 'messages', externalId))) {
    const meta = delivery.meta as {
      participantId: string;
      threadId: string;
      requestedCounsellorId: string | null;
      overLimit: boolean;
    };
    if (args.threadId !== meta.threadId) return refuse('invalid-arguments', { path: 'threadId' });
    const participant = await readRecord<ParticipantWire>(
      ctx.tx,
      ctx.orgId,
      'participants',
      meta.participantId,
    );
    // Its registration is taken in first (deliveries go in order): until then, it waits.
    if (!participant) return refuse('not-found', { table: 'participants' });
    const stored = await loadThread(ctx, meta.threadId);
    if (stored && stored.record.participantId !== meta.participantId)
      return refuse('invalid-arguments', { path: 'threadId' });
    const message: MessageWire = {
      id: externalId,
      createdAt: receivedAt,
      threadId: meta.threadId,
      participantId: meta.participantId,
      kind: 'participant-message',
      subject: args.subject,
      body: args.body,
      receivedAtMs: receivedAt,
      requestedCounsellorId: meta.requestedCounsellorId,
      answeredAtMs: null,
      authorId: null,
      sentAtMs: null,
      delivery: null,
      overLimit: meta.overLimit,
      riskSignal: args.riskSignal,
      sourceHash: null,
    };
    const earlier = stored
      ? (
          await ctx.tx.query<{ record: MessageWire }>(
            `SELECT record FROM records WHERE org_id = $1 AND tbl = 'messages' AND thread_id = $2 AND record IS NOT NULL`,
            [ctx.orgId, meta.threadId],
          )
        ).rows.map((r) => r.record)
      : [];
    const summary = summariseMessages([...earlier, message]);
    const holder = stored?.record.assigneeId ?? null;
    if (stored) {
      await writeThread(ctx, { ...stored.record, ...summary.facts }, false);
      for (const answered of summary.answered)
        if (answered.id !== message.id) await write('messages', answered, holder, meta.threadId);
    } else {
      const thread: ThreadWire = {
        id: meta.threadId,
        createdAt: receivedAt,
        participantId: meta.participantId,
        language: participant.record.language,
        ...summary.facts,
        assigneeId: null,
        risk: 'not-assessed',
        riskSetBy: null,
        riskSetAtMs: null,
        tags: [],
      };
      await writeThread(ctx, thread, false);
      await write(
        'threadSubjects',
        { id: meta.threadId, createdAt: receivedAt, subject: args.threadSubject } as {
          id: string;
        },
        holder,
        meta.threadId,
      );
    }
    await write('messages', message, holder, meta.threadId);
  }
  await ctx.tx.query(
    `UPDATE intake_deliveries SET accepted_at = $2, sealed = '{}'::jsonb WHERE seq = $1`,
    [delivery.seq, ctx.now],
  );
  return APPLIED;
};

export const HANDLERS: { [N in MutationName]: Handler<N> } = {
  'thread.take': take,
  'thread.release': release,
  'thread.reassign': reassign,
  'thread.setRisk': setRisk,
  'thread.setTags': setTags,
  'note.add': addNote,
  'reply.send': sendReply,
  'sessionNote.add': addSessionNote,
  'settings.update': updateSettings,
  'release.record': recordRelease,
  'release.withdraw': withdrawRelease,
  'records.import': importRecords,
  'intake.accept': acceptIntake,
  'reply.forPortal': replyForPortal,
  'session.book': bookSession,
  'session.change': changeSession,
  'session.cancel': cancelSession,
  'session.recordOutcome': recordSessionOutcome,
  'availability.putRule': putAvailabilityRule,
  'availability.removeRule': removeAvailabilityRule,
  'availability.putException': putAvailabilityException,
  'availability.removeException': removeAvailabilityException,
};
