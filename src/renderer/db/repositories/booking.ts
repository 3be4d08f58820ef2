/**
 * Video-session booking over the stored records (DOMAIN.md section 5): counsellors' availability
 * (rules and exceptions), sessions, and the domain's slot, booking, change, cancellation, outcome
 * and quota decisions asked against them. Every change writes the record with a raised version and
 * its named mutation (`session.*`, `availability.*`; availability in the contract's wire shapes) in
 * one transaction; a booking or a change is decided inside that transaction, over the sessions read
 * in it, so that two bookings made at once cannot both take the same time. The sync server decides
 * each again with its own clock and the sessions it holds.
 *
 * The rules come from a getter: they change when the organisation settings change.
 */
import {
  bookingDataProblems,
  correctOutcome,
  previewCancellation,
  sameDaySessions,
  sessionDetailsProblem,
  type AvailabilityWindow,
  type CancellationPreview,
  type OutcomeCorrectionProblem,
  type RecordedOutcome,
  type SessionChannel,
  type AvailabilityException,
  type AvailabilityRule,
  type BookingData,
  type BookingDecision,
  type BookingRules,
  type CancellationDecision,
  type QuotaUsage,
  type Session,
  type Slot,
} from '../../../domain/booking';
import {
  availabilityExceptionWireSchema,
  availabilityRuleWireSchema,
  type AvailabilityExceptionWire,
  type AvailabilityRuleWire,
} from '../../../sync/records';
import type { FieldCipher } from '../crypto/field-cipher';
import { openReadable } from '../crypto/sealed-records';
import type { WorkstationDatabase } from '../database';
import { newId } from '../ids';
import type {
  AvailabilityExceptionRecord,
  AvailabilityRuleRecord,
  CounsellorRecord,
  ParticipantRecord,
  SessionRecord,
  SyncedRecord,
} from '../records';
import { changed, created, recordMutation } from './changes';
import { createSessionLogRepository } from './session-log';

/** A completed session's details: minutes held and how. */
export interface SessionDetails {
  durationMinutes: number;
  channel: SessionChannel;
}

/** What the availability calendar shows of one counsellor over a span of JST dates. */
export interface AvailabilityPlan {
  /** The windows as they are offered (clipped to service hours, on business days only). */
  offered: AvailabilityWindow[];
  /** The windows as written, before service hours and business days apply. */
  written: AvailabilityWindow[];
  /** JST dates the counsellor has a day off recorded on. */
  daysOff: string[];
  slots: Slot[];
  sessions: Session[];
  /** Participants' names by id, for the sessions shown. */
  participantNames: Map<string, string>;
}

/** A saved record, or why it was refused (nothing is stored then). */
export type SaveResult<T> =
  | { ok: true; record: T }
  | {
      ok: false;
      /** The input field that is wrong (`rule`, `durationMinutes`, `date`, ...), or null. */
      field: string | null;
      /** The domain's reason, e.g. `RRULE has no FREQ`. */
      problem: string;
    };

export interface RuleInput {
  /** An existing rule to update; absent to create one. */
  id?: string;
  counsellorId: string;
  /** `DTSTART;TZID=Asia/Tokyo:YYYYMMDDTHHMMSS` + newline + `RRULE:...` */
  rule: string;
  durationMinutes: number;
  validFrom?: string | null;
  validUntil?: string | null;
}

export interface ExceptionInput {
  counsellorId: string;
  /** JST date `YYYY-MM-DD`. */
  date: string;
  kind: 'day-off' | 'extra-window';
  /** Extra windows: JST `HH:MM`. */
  start?: string | null;
  end?: string | null;
}

export interface SessionQuery {
  /** Sessions starting at or after this instant. */
  fromMs?: number;
  /** Sessions starting before this instant. */
  toMs?: number;
  counsellorId?: string;
  participantId?: string;
}

export interface SlotRequest {
  /** JST dates `YYYY-MM-DD`, both inclusive. */
  from: string;
  to: string;
  nowMs: number;
  participantId?: string;
  counsellorIds?: string[];
}

const live = <T extends SyncedRecord>(record: T | undefined): record is T =>
  record !== undefined && record.deletedAt === null;

const byStart = (a: SessionRecord, b: SessionRecord) =>
  a.startMs - b.startMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function toRule(record: AvailabilityRuleRecord): AvailabilityRule {
  return {
    id: record.id,
    counsellorId: record.counsellorId,
    rule: record.rule,
    durationMinutes: record.durationMinutes,
    ...(record.validFrom !== null ? { validFrom: record.validFrom } : {}),
    ...(record.validUntil !== null ? { validUntil: record.validUntil } : {}),
  };
}

function toException(record: AvailabilityExceptionRecord): AvailabilityException {
  const { id, counsellorId, date } = record;
  return record.kind === 'day-off'
    ? { id, counsellorId, date, kind: 'day-off' }
    : {
        id,
        counsellorId,
        date,
        kind: 'extra-window',
        // A stored extra window always has both (addException checks); '' makes the domain say so.
        start: record.start ?? '',
        end: record.end ?? '',
      };
}

function toSession(record: SessionRecord): Session {
  return {
    id: record.id,
    participantId: record.participantId,
    counsellorId: record.counsellorId,
    startMs: record.startMs,
    outcome: record.outcome,
    ...(record.cancelledAtMs !== null ? { cancelledAtMs: record.cancelledAtMs } : {}),
  };
}

/** The stored session with the domain's decision applied (version raised). */
function applied(
  record: SessionRecord,
  session: Session,
  nowMs: number,
  details: Partial<SessionRecord> = {},
): SessionRecord {
  return changed(
    record,
    {
      counsellorId: session.counsellorId,
      startMs: session.startMs,
      outcome: session.outcome,
      cancelledAtMs: session.cancelledAtMs ?? null,
      ...details,
    },
    nowMs,
  );
}

/** A rule as the sync contract carries it (`availability.putRule`): no version, no deletion. */
function ruleWire(record: AvailabilityRuleRecord): AvailabilityRuleWire {
  return {
    id: record.id,
    createdAt: record.createdAt,
    counsellorId: record.counsellorId,
    rule: record.rule,
    durationMinutes: record.durationMinutes,
    validFrom: record.validFrom ?? null,
    validUntil: record.validUntil ?? null,
    sourceHash: record.sourceHash ?? null,
  };
}

/** An exception as the sync contract carries it (`availability.putException`). */
function exceptionWire(record: AvailabilityExceptionRecord): AvailabilityExceptionWire {
  return {
    id: record.id,
    createdAt: record.createdAt,
    counsellorId: record.counsellorId,
    date: record.date,
    kind: record.kind,
    start: record.start ?? null,
    end: record.end ?? null,
    sourceHash: record.sourceHash ?? null,
  };
}

/**
 * What the sync contract refuses in a record the domain accepted (its own limits: a rule's text
 * at most 500 characters, ids it can carry), as a SaveResult refusal: nothing is stored then.
 */
function contractRefusal(
  schema: typeof availabilityRuleWireSchema | typeof availabilityExceptionWireSchema,
  wire: AvailabilityRuleWire | AvailabilityExceptionWire,
): { field: string | null; problem: string } | null {
  const parsed = schema.safeParse(wire);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  const field = issue?.path[0];
  return {
    field: typeof field === 'string' ? field : null,
    problem: issue?.message ?? 'cannot be synced',
  };
}

/** The first problem the domain finds with one record, as a SaveResult refusal. */
function refusal(
  data: BookingData,
  prefix: string,
): { field: string | null; problem: string } | null {
  const first = bookingDataProblems(data)[0];
  if (first === undefined) return null;
  const field = first.path.startsWith(`${prefix}.`) ? first.path.slice(prefix.length + 1) : null;
  return { field, problem: first.problem };
}

export function createBookingRepository(
  db: WorkstationDatabase,
  cipher: FieldCipher,
  rules: () => BookingRules,
) {
  /** Every stored (non-deleted) record in the domain's shapes; works inside a transaction too. */
  async function readBookingData(): Promise<{
    rules: AvailabilityRule[];
    exceptions: AvailabilityException[];
    sessions: Session[];
  }> {
    const [ruleRecords, exceptionRecords, sessionRecords] = await Promise.all([
      db.availabilityRules.filter((r) => r.deletedAt === null).toArray(),
      db.availabilityExceptions.filter((e) => e.deletedAt === null).toArray(),
      db.sessions
        .orderBy('startMs')
        .filter((s) => s.deletedAt === null)
        .toArray(),
    ]);
    return {
      rules: ruleRecords.map(toRule),
      exceptions: exceptionRecords.map(toException),
      sessions: sessionRecords.map(toSession),
    };
  }

  async function liveSession(sessionId: string): Promise<SessionRecord> {
    const record = await db.sessions.get(sessionId);
    if (!live(record)) throw new Error(`session ${sessionId} not found`);
    return record;
  }

  /**
   * Reads a session, asks the domain, and stores the session it decided with its mutation
   * (`record`); one transaction.
   */
  function decideSession<D extends BookingDecision | CancellationDecision>(
    sessionId: string,
    nowMs: number,
    withData: boolean,
    decide: (session: Session, data: BookingData) => D,
    record: () => Promise<void>,
  ): Promise<D> {
    const tables = withData
      ? [db.sessions, db.outbox, db.serverCopies, db.availabilityRules, db.availabilityExceptions]
      : [db.sessions, db.outbox, db.serverCopies];
    return db.transaction('rw', tables, async () => {
      const stored = await liveSession(sessionId);
      const data: BookingData = withData ? await readBookingData() : { rules: [] };
      const decision = decide(toSession(stored), data);
      if (!decision.ok) return decision;
      const next = applied(stored, decision.session, nowMs);
      // Recorded first: the server's copy of the session is kept as it was before the change.
      await record();
      await db.sessions.put(next);
      return decision;
    });
  }

  return {
    /** The session log (rows with names, quota positions and notes), over the same rules. */
    log: createSessionLogRepository(db, cipher, () => rules().settings),

    /** Counsellors not deleted. */
    counsellors(): Promise<CounsellorRecord[]> {
      return db.counsellors.filter((c) => c.deletedAt === null).toArray();
    },

    /** Participants not deleted (opened: names for the booking dialog). */
    async participants(): Promise<ParticipantRecord[]> {
      const stored = await db.participants.filter((p) => p.deletedAt === null).toArray();
      return (await openReadable(cipher, 'participants', stored)).records;
    },

    /** The availability rules and exceptions (not deleted), of one counsellor or of all. */
    async availability(
      counsellorId?: string,
    ): Promise<{ rules: AvailabilityRuleRecord[]; exceptions: AvailabilityExceptionRecord[] }> {
      const [ruleRecords, exceptionRecords] = await Promise.all([
        counsellorId === undefined
          ? db.availabilityRules.toArray()
          : db.availabilityRules.where('counsellorId').equals(counsellorId).toArray(),
        counsellorId === undefined
          ? db.availabilityExceptions.toArray()
          : db.availabilityExceptions.where('counsellorId').equals(counsellorId).toArray(),
      ]);
      return {
        rules: ruleRecords
          .filter((r) => r.deletedAt === null)
          .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1)),
        exceptions: exceptionRecords
          .filter((e) => e.deletedAt === null)
          .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.createdAt - b.createdAt)),
      };
    },

    /**
     * Creates a rule, or updates the rule `input.id` (version raised), after the domain's checks
     * of the rule text, the duration and the validity dates. Refused: nothing is stored.
     */
    async saveRule(input: RuleInput, nowMs: number): Promise<SaveResult<AvailabilityRuleRecord>> {
      const fields = {
        counsellorId: input.counsellorId,
        rule: input.rule,
        durationMinutes: input.durationMinutes,
        validFrom: input.validFrom ?? null,
        validUntil: input.validUntil ?? null,
      };
      const problem = refusal(
        {
          rules: [
            toRule({
              ...created(input.id ?? 'new', nowMs),
              ...fields,
              sourceHash: null,
            }),
          ],
        },
        'rules[0]',
      );
      if (problem !== null) return { ok: false, ...problem };
      const unsyncable = contractRefusal(
        availabilityRuleWireSchema,
        ruleWire({ ...created(input.id ?? 'new', nowMs), ...fields, sourceHash: null }),
      );
      if (unsyncable !== null) return { ok: false, ...unsyncable };
      return db.transaction(
        'rw',
        [db.availabilityRules, db.outbox, db.serverCopies],
        async (): Promise<SaveResult<AvailabilityRuleRecord>> => {
          let record: AvailabilityRuleRecord;
          if (input.id === undefined) {
            record = { ...created(newId(), nowMs), ...fields, sourceHash: null };
          } else {
            const existing = await db.availabilityRules.get(input.id);
            if (!live(existing)) {
              return {
                ok: false,
                field: 'id',
                problem: `there is no availability rule ${input.id} (it may have been deleted)`,
              };
            }
            record = changed(existing, fields, nowMs);
          }
          await recordMutation(db, 'availability.putRule', { rule: ruleWire(record) }, nowMs);
          await db.availabilityRules.put(record);
          return { ok: true, record };
        },
      );
    },

    /** Soft-deletes a rule (deletedAt, version raised, outbox); null if there is none to delete. */
    deleteRule(id: string, nowMs: number): Promise<AvailabilityRuleRecord | null> {
      return db.transaction('rw', db.availabilityRules, db.outbox, db.serverCopies, async () => {
        const existing = await db.availabilityRules.get(id);
        if (!live(existing)) return null;
        const record = changed(existing, { deletedAt: nowMs }, nowMs);
        await recordMutation(db, 'availability.removeRule', { ruleId: id }, nowMs);
        await db.availabilityRules.put(record);
        return record;
      });
    },

    /**
     * Records a day off or an extra window after the domain's checks: a real date `YYYY-MM-DD`;
     * an extra window from `start` to a later `end` (`HH:MM`); a day off with neither.
     */
    async addException(
      input: ExceptionInput,
      nowMs: number,
    ): Promise<SaveResult<AvailabilityExceptionRecord>> {
      const base = { counsellorId: input.counsellorId, date: input.date };
      const candidate = (
        input.kind === 'extra-window'
          ? { ...base, kind: input.kind, start: input.start, end: input.end }
          : {
              ...base,
              kind: input.kind,
              ...(input.start != null ? { start: input.start } : {}),
              ...(input.end != null ? { end: input.end } : {}),
            }
      ) as AvailabilityException;
      const problem = refusal({ rules: [], exceptions: [candidate] }, 'exceptions[0]');
      if (problem !== null) return { ok: false, ...problem };
      const record: AvailabilityExceptionRecord = {
        ...created(newId(), nowMs),
        ...base,
        kind: input.kind,
        start: input.kind === 'extra-window' ? (input.start ?? null) : null,
        end: input.kind === 'extra-window' ? (input.end ?? null) : null,
        sourceHash: null,
      };
      const exception = exceptionWire(record);
      const unsyncable = contractRefusal(availabilityExceptionWireSchema, exception);
      if (unsyncable !== null) return { ok: false, ...unsyncable };
      await db.transaction(
        'rw',
        db.availabilityExceptions,
        db.outbox,
        db.serverCopies,
        async () => {
          await recordMutation(db, 'availability.putException', { exception }, nowMs);
          await db.availabilityExceptions.add(record);
        },
      );
      return { ok: true, record };
    },

    /** Soft-deletes an exception; null if there is none to delete. */
    deleteException(id: string, nowMs: number): Promise<AvailabilityExceptionRecord | null> {
      return db.transaction(
        'rw',
        db.availabilityExceptions,
        db.outbox,
        db.serverCopies,
        async () => {
          const existing = await db.availabilityExceptions.get(id);
          if (!live(existing)) return null;
          const record = changed(existing, { deletedAt: nowMs }, nowMs);
          await recordMutation(db, 'availability.removeException', { exceptionId: id }, nowMs);
          await db.availabilityExceptions.put(record);
          return record;
        },
      );
    },

    /** Sessions (not deleted) in start order; `fromMs` inclusive, `toMs` exclusive. */
    async sessions(options: SessionQuery = {}): Promise<SessionRecord[]> {
      const { fromMs, toMs, counsellorId, participantId } = options;
      let found: SessionRecord[];
      if (fromMs !== undefined || toMs !== undefined) {
        const from = fromMs ?? -Infinity;
        const to = toMs ?? Infinity;
        if (!(from < to)) return [];
        found = await db.sessions.where('startMs').between(from, to, true, false).toArray();
      } else if (counsellorId !== undefined) {
        found = await db.sessions.where('counsellorId').equals(counsellorId).toArray();
      } else if (participantId !== undefined) {
        found = await db.sessions.where('participantId').equals(participantId).toArray();
      } else {
        found = await db.sessions.orderBy('startMs').toArray();
      }
      return found
        .filter(
          (s) =>
            s.deletedAt === null &&
            (counsellorId === undefined || s.counsellorId === counsellorId) &&
            (participantId === undefined || s.participantId === participantId),
        )
        .sort(byStart);
    },

    /** The stored rules, exceptions and sessions in the domain's shapes. */
    bookingData(): Promise<BookingData> {
      return readBookingData();
    },

    /** The bookable slots on the dates (JST, inclusive) over the stored records. */
    async slots(input: SlotRequest): Promise<Slot[]> {
      const data = await readBookingData();
      return rules().slots({ ...data, ...input });
    },

    /**
     * Books a session on a participant's behalf. Decided and stored in one transaction, over the
     * sessions read in it: the domain's refusal is returned unchanged and nothing is stored.
     */
    book(request: {
      counsellorId: string;
      participantId: string;
      startMs: number;
      nowMs: number;
    }): Promise<BookingDecision> {
      const bookingRules = rules();
      const id = newId();
      return db.transaction(
        'rw',
        [db.sessions, db.outbox, db.serverCopies, db.availabilityRules, db.availabilityExceptions],
        async () => {
          const data = await readBookingData();
          const decision = bookingRules.book({ ...data, ...request, id });
          if (!decision.ok) return decision;
          const { session } = decision;
          const record: SessionRecord = {
            ...created(id, request.nowMs),
            participantId: session.participantId,
            counsellorId: session.counsellorId,
            startMs: session.startMs,
            outcome: session.outcome,
            cancelledAtMs: null,
            sourceHash: null,
          };
          await db.sessions.add(record);
          await recordMutation(
            db,
            'session.book',
            {
              sessionId: id,
              participantId: record.participantId,
              counsellorId: record.counsellorId,
              startMs: record.startMs,
            },
            request.nowMs,
          );
          return decision;
        },
      );
    },

    /** Moves a scheduled session (before its cutoff) to a new start and/or counsellor. */
    change(request: {
      sessionId: string;
      startMs: number;
      counsellorId?: string;
      nowMs: number;
    }): Promise<BookingDecision> {
      const bookingRules = rules();
      const { sessionId, startMs, counsellorId, nowMs } = request;
      return decideSession(
        sessionId,
        nowMs,
        true,
        (session, data) =>
          bookingRules.change({
            ...data,
            session,
            startMs,
            nowMs,
            ...(counsellorId !== undefined ? { counsellorId } : {}),
          }),
        () =>
          recordMutation(
            db,
            'session.change',
            { sessionId, startMs, ...(counsellorId !== undefined ? { counsellorId } : {}) },
            nowMs,
          ),
      );
    },

    /** Cancels a scheduled session: `cancelled` before its cutoff, `late-cancelled` after. */
    cancel(request: { sessionId: string; nowMs: number }): Promise<CancellationDecision> {
      const bookingRules = rules();
      const { sessionId, nowMs } = request;
      return decideSession(
        sessionId,
        nowMs,
        false,
        (session) => bookingRules.cancel({ session, nowMs }),
        () => recordMutation(db, 'session.cancel', { sessionId }, nowMs),
      );
    },

    /**
     * Records that a session took place (with the minutes held and the channel) or that the
     * participant did not come. Details that do not pass the domain's check are refused by
     * throwing `SessionDetailsError` (nothing is stored).
     */
    async recordOutcome(request: {
      sessionId: string;
      outcome: 'completed' | 'no-show';
      nowMs: number;
      details?: SessionDetails;
    }): Promise<BookingDecision> {
      const bookingRules = rules();
      const { sessionId, outcome, nowMs, details } = request;
      if (outcome === 'completed' && details !== undefined) {
        const problem = sessionDetailsProblem(details);
        if (problem !== null) throw new SessionDetailsError(problem);
      }
      return db.transaction('rw', db.sessions, db.outbox, db.serverCopies, async () => {
        const record = await liveSession(sessionId);
        const decision = bookingRules.recordOutcome({ session: toSession(record), outcome, nowMs });
        if (!decision.ok) return decision;
        const next = applied(
          record,
          decision.session,
          nowMs,
          outcome === 'completed' && details !== undefined
            ? { durationMinutes: details.durationMinutes, channel: details.channel }
            : { durationMinutes: null },
        );
        // Recorded first: the server's copy of the session is kept as it was before the change.
        await recordMutation(
          db,
          'session.recordOutcome',
          {
            sessionId,
            outcome,
            ...(outcome === 'completed' && details !== undefined
              ? { channel: details.channel, durationMinutes: details.durationMinutes }
              : {}),
          },
          nowMs,
        );
        await db.sessions.put(next);
        return decision;
      });
    },

    /**
     * A supervisor's correction of a recorded outcome, with a reason. `audit` is called with the
     * outcome corrected from after the domain accepted and before anything is stored: no
     * correction without its audit entry. Refused: the domain's problem, nothing stored.
     *
     * A correction between completed and no-show is `session.recordOutcome` for the sync server
     * (its reason stays in this workstation's audit log). The sync contract has no mutation yet
     * for a correction from or to a cancellation: that one stays on this workstation (no outbox
     * entry) until the contract has one.
     */
    async correctOutcome(
      request: {
        sessionId: string;
        outcome: RecordedOutcome;
        reason: string;
        nowMs: number;
        details?: SessionDetails;
      },
      audit: (from: RecordedOutcome) => Promise<unknown>,
    ): Promise<{ ok: true } | { ok: false; problem: OutcomeCorrectionProblem }> {
      const { sessionId, outcome, reason, nowMs, details } = request;
      const record = await liveSession(sessionId);
      const decision = correctOutcome({
        session: toSession(record),
        outcome,
        reason,
        nowMs,
        ...(details !== undefined ? { details } : {}),
      });
      if (!decision.ok) return decision;
      await audit(decision.from);
      await db.transaction('rw', db.sessions, db.outbox, db.serverCopies, async () => {
        const current = await liveSession(sessionId);
        // Changed since it was read (another window, a sync): the audit entry stays true of the
        // intent; the correction is still applied to the newest record.
        const next = applied(
          current,
          decision.session,
          nowMs,
          outcome === 'completed' && details !== undefined
            ? { durationMinutes: details.durationMinutes, channel: details.channel }
            : {},
        );
        const attended = (o: string) => o === 'completed' || o === 'no-show';
        // Recorded before the write: the server's copy of the session is kept as it was.
        if (attended(current.outcome) && attended(outcome))
          await recordMutation(
            db,
            'session.recordOutcome',
            {
              sessionId,
              outcome: outcome === 'completed' ? 'completed' : 'no-show',
              ...(outcome === 'completed' && details !== undefined
                ? { channel: details.channel, durationMinutes: details.durationMinutes }
                : {}),
            },
            nowMs,
          );
        await db.sessions.put(next);
      });
      return { ok: true };
    },

    /** What cancelling the session now would do (late or not, the quota after), before asking. */
    async cancellationPreview(sessionId: string, nowMs: number): Promise<CancellationPreview> {
      const record = await liveSession(sessionId);
      const records = await db.sessions
        .where('participantId')
        .equals(record.participantId)
        .toArray();
      return previewCancellation(rules(), {
        session: toSession(record),
        sessions: records.filter((s) => s.deletedAt === null).map(toSession),
        nowMs,
      });
    },

    /** The participant's other sessions holding time on the JST day of `startMs`. */
    async sameDaySessions(
      participantId: string,
      startMs: number,
      exceptSessionId?: string,
    ): Promise<Session[]> {
      const records = await db.sessions.where('participantId').equals(participantId).toArray();
      return sameDaySessions({
        sessions: records.filter((s) => s.deletedAt === null).map(toSession),
        participantId,
        startMs,
        ...(exceptSessionId !== undefined ? { exceptSessionId } : {}),
      });
    },

    /** One session (not deleted), or null. */
    async session(sessionId: string): Promise<SessionRecord | null> {
      const record = await db.sessions.get(sessionId);
      return live(record) ? record : null;
    },

    /** The availability calendar of one counsellor on the JST dates `from` to `to`. */
    async availabilityPlan(request: {
      counsellorId: string;
      from: string;
      to: string;
      nowMs: number;
    }): Promise<AvailabilityPlan> {
      const { counsellorId, from, to, nowMs } = request;
      const data = await readBookingData();
      const bookingRules = rules();
      const own = (w: AvailabilityWindow) => w.counsellorId === counsellorId;
      const firstMs = Date.parse(`${from}T00:00:00+09:00`);
      const endMs = Date.parse(`${to}T00:00:00+09:00`) + 24 * 3_600_000;
      const sessions = data.sessions.filter(
        (s) => s.counsellorId === counsellorId && s.startMs >= firstMs && s.startMs < endMs,
      );
      const ids = new Set(sessions.map((s) => s.participantId));
      const stored = await db.participants.bulkGet([...ids]);
      const opened = await openReadable(
        cipher,
        'participants',
        stored.filter((p): p is NonNullable<typeof p> => p !== undefined),
      );
      return {
        offered: bookingRules.offeredWindows(data, { from, to }).filter(own),
        written: bookingRules.availabilityWindows(data, { from, to }).filter(own),
        daysOff: data.exceptions
          .filter(
            (e) =>
              e.counsellorId === counsellorId &&
              e.kind === 'day-off' &&
              e.date >= from &&
              e.date <= to,
          )
          .map((e) => e.date),
        slots: bookingRules.slots({ ...data, from, to, nowMs, counsellorIds: [counsellorId] }),
        sessions,
        participantNames: new Map(opened.records.map((p) => [p.id, p.name])),
      };
    },

    /** The participant's quota in the quota year of `atMs`, over the stored sessions. */
    async quota(participantId: string, atMs: number): Promise<QuotaUsage> {
      const records = await db.sessions.where('participantId').equals(participantId).toArray();
      const sessions = records.filter((s) => s.deletedAt === null).map(toSession);
      return rules().quota({ sessions, participantId, atMs });
    },
  };
}

export type BookingRepository = ReturnType<typeof createBookingRepository>;

/** A completed session's details refused by the domain (the renderer words the code). */
export class SessionDetailsError extends Error {
  constructor(readonly code: string) {
    super(`session details refused: ${code}`);
    this.name = 'SessionDetailsError';
  }
}
