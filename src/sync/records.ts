/**
 * The records the sync server holds, as they travel: metadata in clear (ids, instants, states,
 * assignment, risk level, counts) and every sensitive field sealed. Each schema is strict, so a
 * field the contract does not name (a plaintext copy of a body, say) is refused, not stored.
 *
 * The sealed fields of each table are the workstation's own (`SEALED_FIELDS` of the renderer's
 * field cipher); a unit test keeps the two lists equal.
 */
import { z } from 'zod';
import { identifierInId } from '../domain/dataset/identifiers';
import { FIELD_LIMITS, MAX_TOPICS } from '../domain/dataset/schema';
import {
  REPORT_MONTH_PATTERN,
  REPORT_PERIOD_PATTERN,
  REPORT_TOKEN_PATTERN,
  SUPPRESSED_MARKER,
} from '../domain/reports/tokens';
import { organisationSettingsSchema } from '../domain/settings/settings-schema';
import { optionalSealedSchema, sealedSchema } from './sealed';

/**
 * A record's id: a UUID, a ULID, or an imported file's id (the dataset's rule: up to 200
 * characters, no control characters). Ids travel and rest unsealed, so one that holds a JET number
 * or an e-mail address is refused, here as at import.
 */
export const recordIdSchema = z
  .string()
  .min(1)
  .max(FIELD_LIMITS.id)
  .refine((id) => ![...id].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f), {
    message: 'must hold no control character',
  })
  .refine((id) => identifierInId(id) === null, {
    message: 'must not hold a JET number or an e-mail address (ids are not sealed)',
  });

const instant = z.number().int().min(0).max(8.64e15);
const nullableInstant = instant.nullable();
const language = z.enum(['en', 'ja']);

/** Fields every synced record has; `version` and `updatedAt` are the server's. */
const base = {
  id: recordIdSchema,
  createdAt: instant,
};

export const participantWireSchema = z.strictObject({
  ...base,
  jetNumber: optionalSealedSchema,
  name: sealedSchema,
  email: sealedSchema,
  language,
  /** HMAC of the JET number under the organisation's index key (a look-up, not the number). */
  jetIndex: z
    .string()
    .regex(/^[A-Za-z0-9_-]{20,100}$/)
    .nullable(),
  sourceHash: optionalSealedSchema,
});

export const counsellorWireSchema = z.strictObject({
  ...base,
  /** A counsellor's name is staff data, not a participant's (not sealed, as on the workstation). */
  name: z.string().min(1).max(200),
  languages: z.array(language).max(2),
  /** The import's hash of a counsellor's row: not sealed on the workstation either. */
  sourceHash: z.string().max(200).nullable(),
});

/** A thread's tags: as many and as long as an import's topics (the dataset's limits). */
export const MAX_TAGS = MAX_TOPICS;
export const MAX_TAG_LENGTH = FIELD_LIMITS.topic;

export const RISK_LEVELS = ['not-assessed', 'routine', 'elevated', 'urgent'] as const;
export const ASSESSED_RISK_LEVELS = ['routine', 'elevated', 'urgent'] as const;

export const threadWireSchema = z.strictObject({
  ...base,
  participantId: recordIdSchema,
  language,
  state: z.enum(['open', 'answered']),
  openSinceMs: nullableInstant,
  lastReceivedMs: instant,
  lastAnswerMs: nullableInstant,
  lastAnsweredFromMs: nullableInstant.optional(),
  messageCount: z.number().int().min(0).max(100_000),
  assigneeId: recordIdSchema.nullable(),
  requestedCounsellorId: recordIdSchema.nullable(),
  risk: z.enum(RISK_LEVELS),
  riskSetBy: recordIdSchema.nullable(),
  riskSetAtMs: nullableInstant,
  possibleRisk: z.boolean(),
  overLimit: z.boolean(),
  tags: z.array(z.string().min(1).max(MAX_TAG_LENGTH)).max(MAX_TAGS),
});

export const threadSubjectWireSchema = z.strictObject({
  id: recordIdSchema,
  createdAt: instant,
  subject: sealedSchema,
});

export const messageWireSchema = z.strictObject({
  ...base,
  threadId: recordIdSchema,
  participantId: recordIdSchema,
  kind: z.enum(['participant-message', 'reply']),
  subject: sealedSchema,
  body: sealedSchema,
  receivedAtMs: nullableInstant,
  requestedCounsellorId: recordIdSchema.nullable(),
  answeredAtMs: nullableInstant,
  authorId: recordIdSchema.nullable(),
  sentAtMs: nullableInstant,
  delivery: z.enum(['pending', 'confirmed']).nullable(),
  overLimit: z.boolean(),
  riskSignal: z.boolean().optional(),
  sourceHash: optionalSealedSchema,
});

export const noteWireSchema = z.strictObject({
  ...base,
  threadId: recordIdSchema,
  authorId: recordIdSchema.nullable(),
  body: sealedSchema,
});

export const SESSION_OUTCOMES = [
  'scheduled',
  'completed',
  'cancelled',
  'late-cancelled',
  'no-show',
] as const;

/** A video session: metadata only (its notes are sealed and kept apart: `sessionNotes`). */
export const sessionWireSchema = z.strictObject({
  ...base,
  participantId: recordIdSchema,
  counsellorId: recordIdSchema,
  startMs: instant,
  outcome: z.enum(SESSION_OUTCOMES),
  cancelledAtMs: nullableInstant,
  channel: z.enum(['video', 'phone']).optional(),
  durationMinutes: z.number().int().min(1).max(120).nullable().optional(),
  sourceHash: z.string().max(200).nullable(),
});

/**
 * A counsellor's note on one video session: insert-only, its text sealed. The server stamps its
 * author and gives it the session's counsellor as its scope (that counsellor and supervisors see it).
 */
export const sessionNoteWireSchema = z.strictObject({
  ...base,
  sessionId: recordIdSchema,
  authorId: recordIdSchema.nullable(),
  body: sealedSchema,
});

const jstDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' });
const wallTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time HH:MM' });

/** A counsellor's recurring weekly availability (RFC 5545 rule in JST wall time). */
export const availabilityRuleWireSchema = z.strictObject({
  ...base,
  counsellorId: recordIdSchema,
  rule: z.string().min(1).max(500),
  durationMinutes: z.number().int().min(1).max(1440),
  validFrom: jstDate.nullable(),
  validUntil: jstDate.nullable(),
  sourceHash: z.string().max(200).nullable(),
});

export const availabilityExceptionWireSchema = z.strictObject({
  ...base,
  counsellorId: recordIdSchema,
  date: jstDate,
  kind: z.enum(['day-off', 'extra-window']),
  start: wallTime.nullable(),
  end: wallTime.nullable(),
  sourceHash: z.string().max(200).nullable(),
});

/**
 * A report release on the organisation's register (docs/reports.md, "Successive releases"): what
 * was published for CLAIR or shown on a CO view, as published (periods, measures and categories
 * are slugs, values a number or the marker), and the counsellor aliases it used. Aggregates only,
 * nothing sealed: the figures left the service anyway. Every workstation suppresses a new report
 * together with every release of the organisation that shares a month with it.
 */
export const releaseWireSchema = z.strictObject({
  ...base,
  releasedAtMs: instant,
  /**
   * The name of the workstation profile that exported it or showed it, as its register names it
   * (staff, like a counsellor's name: any text without control characters).
   */
  profile: z
    .string()
    .max(200)
    .refine((name) => ![...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f), {
      message: 'must hold no control character',
    }),
  format: z.enum(['csv', 'xlsx', 'pdf', 'co-view']),
  from: z.string().regex(REPORT_MONTH_PATTERN, { message: 'must be a month YYYY-MM' }),
  to: z.string().regex(REPORT_MONTH_PATTERN, { message: 'must be a month YYYY-MM' }),
  threshold: z.number().int().min(1).max(1000),
  byCounsellor: z.boolean(),
  rows: z
    .array(
      z.strictObject({
        period: z.string().regex(REPORT_PERIOD_PATTERN, { message: 'must be a report period' }),
        measure: z.string().regex(REPORT_TOKEN_PATTERN, { message: 'must be a report token' }),
        category: z.string().regex(REPORT_TOKEN_PATTERN, { message: 'must be a report token' }),
        value: z.union([z.number().finite().min(0).max(1e12), z.literal(SUPPRESSED_MARKER)]),
      }),
    )
    .max(50_000),
  counsellorAliases: z
    .record(
      recordIdSchema,
      z.string().regex(REPORT_TOKEN_PATTERN, { message: 'must be a report token' }),
    )
    .refine((aliases) => Object.keys(aliases).length <= 1000, {
      message: 'must hold at most 1,000 aliases',
    }),
});

/** The tables the server holds, each with the schema of its records and its sealed fields. */
export const SYNCED_TABLES = {
  participants: {
    schema: participantWireSchema,
    sealed: ['jetNumber', 'name', 'email', 'sourceHash'],
  },
  counsellors: { schema: counsellorWireSchema, sealed: [] },
  threads: { schema: threadWireSchema, sealed: [] },
  threadSubjects: { schema: threadSubjectWireSchema, sealed: ['subject'] },
  messages: { schema: messageWireSchema, sealed: ['subject', 'body', 'sourceHash'] },
  notes: { schema: noteWireSchema, sealed: ['body'] },
  sessions: { schema: sessionWireSchema, sealed: [] },
  sessionNotes: { schema: sessionNoteWireSchema, sealed: ['body'] },
  availabilityRules: { schema: availabilityRuleWireSchema, sealed: [] },
  availabilityExceptions: { schema: availabilityExceptionWireSchema, sealed: [] },
  releases: { schema: releaseWireSchema, sealed: [] },
  /** One record, id `organisation`: the organisation's settings (supervisors write them). */
  settings: { schema: organisationSettingsSchema, sealed: [] },
} as const;
export type SyncedTable = keyof typeof SYNCED_TABLES;
export const SYNCED_TABLE_NAMES = Object.keys(SYNCED_TABLES) as SyncedTable[];

export type ParticipantWire = z.infer<typeof participantWireSchema>;
export type CounsellorWire = z.infer<typeof counsellorWireSchema>;
export type ReleaseWire = z.infer<typeof releaseWireSchema>;
export type ThreadWire = z.infer<typeof threadWireSchema>;
export type ThreadSubjectWire = z.infer<typeof threadSubjectWireSchema>;
export type MessageWire = z.infer<typeof messageWireSchema>;
export type NoteWire = z.infer<typeof noteWireSchema>;
export type SessionWire = z.infer<typeof sessionWireSchema>;
export type SessionNoteWire = z.infer<typeof sessionNoteWireSchema>;
export type AvailabilityRuleWire = z.infer<typeof availabilityRuleWireSchema>;
export type AvailabilityExceptionWire = z.infer<typeof availabilityExceptionWireSchema>;
