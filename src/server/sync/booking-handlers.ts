/**
 * Sessions and availability on the server: the booking rules of `src/domain/booking`, asked with
 * the server's clock and the sessions the server holds, decide every booking, change,
 * cancellation and outcome (DOMAIN.md section 8: booking the last slot or past the quota is
 * decided by the server). The calendar is the organisation's settings and Japan's holidays, as
 * on the workstation.
 */
import fs from 'node:fs';
import {
  createBookingRules,
  parseAvailabilityRule,
  type AvailabilityException,
  type AvailabilityRule,
  type BookingData,
  type BookingProblems,
  type Session,
} from '../../domain/booking';
import {
  createBusinessCalendar,
  validateHolidayData,
  type HolidayData,
} from '../../domain/calendar';
import {
  DEFAULT_ORGANISATION_SETTINGS,
  type OrganisationSettings,
} from '../../domain/settings/organisation-settings';
import type { MutationArgs } from '../../sync/mutations';
import type {
  AvailabilityExceptionWire,
  AvailabilityRuleWire,
  SessionWire,
} from '../../sync/records';
import type { MutationContext, Outcome } from './handlers';
import {
  deleteRecord,
  readRecord,
  readTable,
  recordExists,
  rescopeSessionNotes,
  writeRecord,
} from './store';

const HOLIDAYS_FILE = new URL('../../../resources/holidays/japan.json', import.meta.url);
let holidays: HolidayData | null = null;
function holidayData(): HolidayData {
  if (holidays) return holidays;
  const validation = validateHolidayData(JSON.parse(fs.readFileSync(HOLIDAYS_FILE, 'utf8')));
  if (!validation.ok) throw new Error('the holiday data shipped with the server is invalid');
  holidays = validation.data;
  return holidays;
}

const APPLIED: Outcome = { ok: true };
type Params = Record<string, string | number | null>;

/** The problems as refusal parameters: every kind, and the first one's details (ids and instants, no text). */
function problemParams(problems: BookingProblems): Params {
  const params: Params = { problems: problems.map((p) => p.kind).join(',') };
  for (const [key, value] of Object.entries(problems[0]))
    if (key !== 'kind' && (typeof value === 'string' || typeof value === 'number'))
      params[key] = value;
  return params;
}

async function rulesFor(ctx: MutationContext) {
  const stored = await readRecord<OrganisationSettings>(
    ctx.tx,
    ctx.orgId,
    'settings',
    'organisation',
  );
  const settings = stored?.record ?? DEFAULT_ORGANISATION_SETTINGS;
  return createBookingRules({
    calendar: createBusinessCalendar({ holidays: holidayData(), settings }),
    settings,
  });
}

const toSession = (s: SessionWire): Session => ({
  id: s.id,
  participantId: s.participantId,
  counsellorId: s.counsellorId,
  startMs: s.startMs,
  outcome: s.outcome,
  ...(s.cancelledAtMs === null ? {} : { cancelledAtMs: s.cancelledAtMs }),
});
const toRule = (r: AvailabilityRuleWire): AvailabilityRule => ({
  id: r.id,
  counsellorId: r.counsellorId,
  rule: r.rule,
  durationMinutes: r.durationMinutes,
  ...(r.validFrom === null ? {} : { validFrom: r.validFrom }),
  ...(r.validUntil === null ? {} : { validUntil: r.validUntil }),
});
const toException = (e: AvailabilityExceptionWire): AvailabilityException =>
  e.kind === 'day-off'
    ? { id: e.id, counsellorId: e.counsellorId, date: e.date, kind: 'day-off' }
    : {
        id: e.id,
        counsellorId: e.counsellorId,
        date: e.date,
        kind: 'extra-window',
        start: e.start ?? '',
        end: e.end ?? '',
      };

async function bookingData(ctx: MutationContext): Promise<BookingData> {
  const [rules, exceptions, sessions] = await Promise.all([
    readTable<AvailabilityRuleWire>(ctx.tx, ctx.orgId, 'availabilityRules'),
    readTable<AvailabilityExceptionWire>(ctx.tx, ctx.orgId, 'availabilityExceptions'),
    readTable<SessionWire>(ctx.tx, ctx.orgId, 'sessions'),
  ]);
  return {
    rules: rules.map(toRule),
    exceptions: exceptions.map(toException),
    sessions: sessions.map(toSession),
  };
}

/** A counsellor books, moves and records their own sessions; a supervisor anyone's. */
const mayActFor = (ctx: MutationContext, counsellorId: string) =>
  ctx.actor.role === 'supervisor' || ctx.actor.counsellorId === counsellorId;

const writeSession = (ctx: MutationContext, session: SessionWire) =>
  writeRecord(ctx.tx, {
    orgId: ctx.orgId,
    table: 'sessions',
    id: session.id,
    record: session,
    version: ctx.version,
    scope: null,
    threadId: null,
    now: ctx.now,
  });

export async function bookSession(
  ctx: MutationContext,
  args: MutationArgs<'session.book'>,
): Promise<Outcome> {
  if (!mayActFor(ctx, args.counsellorId)) return { ok: false, code: 'forbidden-role' };
  if (await recordExists(ctx.tx, ctx.orgId, 'sessions', args.sessionId))
    return { ok: false, code: 'already-exists' };
  if (!(await readRecord(ctx.tx, ctx.orgId, 'participants', args.participantId)))
    return { ok: false, code: 'not-found', params: { table: 'participants' } };
  if (!(await readRecord(ctx.tx, ctx.orgId, 'counsellors', args.counsellorId)))
    return { ok: false, code: 'not-found', params: { table: 'counsellors' } };
  const rules = await rulesFor(ctx);
  const decision = rules.book({
    ...(await bookingData(ctx)),
    id: args.sessionId,
    counsellorId: args.counsellorId,
    participantId: args.participantId,
    startMs: args.startMs,
    nowMs: ctx.now,
  });
  if (!decision.ok)
    return { ok: false, code: 'booking-refused', params: problemParams(decision.problems) };
  await writeSession(ctx, {
    id: args.sessionId,
    createdAt: ctx.now,
    participantId: args.participantId,
    counsellorId: args.counsellorId,
    startMs: args.startMs,
    outcome: 'scheduled',
    cancelledAtMs: null,
    sourceHash: null,
  });
  return APPLIED;
}

async function loadSession(ctx: MutationContext, id: string) {
  return (await readRecord<SessionWire>(ctx.tx, ctx.orgId, 'sessions', id))?.record ?? null;
}

export async function changeSession(
  ctx: MutationContext,
  args: MutationArgs<'session.change'>,
): Promise<Outcome> {
  const stored = await loadSession(ctx, args.sessionId);
  if (!stored) return { ok: false, code: 'not-found', params: { table: 'sessions' } };
  const counsellorId = args.counsellorId ?? stored.counsellorId;
  if (!mayActFor(ctx, stored.counsellorId) || !mayActFor(ctx, counsellorId))
    return { ok: false, code: 'forbidden-role' };
  const rules = await rulesFor(ctx);
  const decision = rules.change({
    ...(await bookingData(ctx)),
    session: toSession(stored),
    startMs: args.startMs,
    counsellorId,
    nowMs: ctx.now,
  });
  if (!decision.ok)
    return { ok: false, code: 'booking-refused', params: problemParams(decision.problems) };
  await writeSession(ctx, {
    ...stored,
    startMs: decision.session.startMs,
    counsellorId: decision.session.counsellorId,
  });
  // Its notes go with the session: the new counsellor sees them, the former one no longer.
  if (decision.session.counsellorId !== stored.counsellorId)
    await rescopeSessionNotes(
      ctx.tx,
      ctx.orgId,
      stored.id,
      decision.session.counsellorId,
      ctx.version,
      ctx.now,
    );
  return APPLIED;
}

export async function cancelSession(
  ctx: MutationContext,
  args: MutationArgs<'session.cancel'>,
): Promise<Outcome> {
  const stored = await loadSession(ctx, args.sessionId);
  if (!stored) return { ok: false, code: 'not-found', params: { table: 'sessions' } };
  if (!mayActFor(ctx, stored.counsellorId)) return { ok: false, code: 'forbidden-role' };
  const decision = (await rulesFor(ctx)).cancel({ session: toSession(stored), nowMs: ctx.now });
  if (!decision.ok)
    return { ok: false, code: 'booking-refused', params: problemParams(decision.problems) };
  await writeSession(ctx, {
    ...stored,
    outcome: decision.session.outcome,
    cancelledAtMs: decision.session.cancelledAtMs ?? ctx.now,
  });
  return APPLIED;
}

export async function recordSessionOutcome(
  ctx: MutationContext,
  args: MutationArgs<'session.recordOutcome'>,
): Promise<Outcome> {
  const stored = await loadSession(ctx, args.sessionId);
  if (!stored) return { ok: false, code: 'not-found', params: { table: 'sessions' } };
  if (!mayActFor(ctx, stored.counsellorId)) return { ok: false, code: 'forbidden-role' };
  const decision = (await rulesFor(ctx)).recordOutcome({
    session: toSession(stored),
    outcome: args.outcome,
    nowMs: ctx.now,
  });
  if (!decision.ok)
    return { ok: false, code: 'booking-refused', params: problemParams(decision.problems) };
  await writeSession(ctx, {
    ...stored,
    outcome: decision.session.outcome,
    ...(args.outcome === 'completed'
      ? { channel: args.channel ?? 'video', durationMinutes: args.durationMinutes ?? null }
      : {}),
  });
  return APPLIED;
}

export async function putAvailabilityRule(
  ctx: MutationContext,
  { rule }: MutationArgs<'availability.putRule'>,
): Promise<Outcome> {
  if (!mayActFor(ctx, rule.counsellorId)) return { ok: false, code: 'forbidden-role' };
  const existing = await readRecord<AvailabilityRuleWire>(
    ctx.tx,
    ctx.orgId,
    'availabilityRules',
    rule.id,
  );
  if (existing && !mayActFor(ctx, existing.record.counsellorId))
    return { ok: false, code: 'forbidden-role' };
  const parsed = parseAvailabilityRule(rule.rule);
  if (!parsed.ok)
    return { ok: false, code: 'invalid-availability', params: { problem: parsed.problem } };
  await writeRecord(ctx.tx, {
    orgId: ctx.orgId,
    table: 'availabilityRules',
    id: rule.id,
    record: { ...rule, createdAt: existing?.record.createdAt ?? ctx.now },
    version: ctx.version,
    scope: null,
    threadId: null,
    now: ctx.now,
  });
  return APPLIED;
}

export async function putAvailabilityException(
  ctx: MutationContext,
  { exception }: MutationArgs<'availability.putException'>,
): Promise<Outcome> {
  if (!mayActFor(ctx, exception.counsellorId)) return { ok: false, code: 'forbidden-role' };
  const existing = await readRecord<AvailabilityExceptionWire>(
    ctx.tx,
    ctx.orgId,
    'availabilityExceptions',
    exception.id,
  );
  if (existing && !mayActFor(ctx, existing.record.counsellorId))
    return { ok: false, code: 'forbidden-role' };
  const windowed = exception.kind === 'extra-window';
  if (
    windowed !== (exception.start !== null && exception.end !== null) ||
    (windowed && exception.start! >= exception.end!)
  )
    return {
      ok: false,
      code: 'invalid-availability',
      params: {
        problem: windowed
          ? 'an extra window needs a start before its end'
          : 'a day off has no start or end',
      },
    };
  await writeRecord(ctx.tx, {
    orgId: ctx.orgId,
    table: 'availabilityExceptions',
    id: exception.id,
    record: { ...exception, createdAt: existing?.record.createdAt ?? ctx.now },
    version: ctx.version,
    scope: null,
    threadId: null,
    now: ctx.now,
  });
  return APPLIED;
}

async function removeAvailability(
  ctx: MutationContext,
  table: 'availabilityRules' | 'availabilityExceptions',
  id: string,
): Promise<Outcome> {
  const existing = await readRecord<{ counsellorId: string }>(ctx.tx, ctx.orgId, table, id);
  if (!existing) return { ok: false, code: 'not-found', params: { table } };
  if (!mayActFor(ctx, existing.record.counsellorId)) return { ok: false, code: 'forbidden-role' };
  await deleteRecord(ctx.tx, ctx.orgId, table, id, ctx.version, ctx.now);
  return APPLIED;
}

export const removeAvailabilityRule = (
  ctx: MutationContext,
  { ruleId }: MutationArgs<'availability.removeRule'>,
) => removeAvailability(ctx, 'availabilityRules', ruleId);
export const removeAvailabilityException = (
  ctx: MutationContext,
  { exceptionId }: MutationArgs<'availability.removeException'>,
) => removeAvailability(ctx, 'availabilityExceptions', exceptionId);
