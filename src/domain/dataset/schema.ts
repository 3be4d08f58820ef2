/**
 * The dataset format, version 1: one JSON document holding participants, counsellors, messages
 * (participants' messages and counsellors' replies), counsellors' availability (rules and
 * exceptions) and video sessions, for import, export and demo data.
 * docs/dataset.md explains it for people; docs/dataset.schema.json is generated from the schemas
 * below (scripts/generate-dataset-schema.ts).
 *
 * Every check a record must pass on its own is in these zod schemas, with the reason a counsellor
 * reads when it fails. Checks across records (unique ids, references, threads) are in ./validate.
 * Reasons never repeat the value that was wrong: a file can hold JET numbers and private text,
 * and the list of problems is shown and may be copied.
 */
import { z } from 'zod';
import { parseAvailabilityRule, MAX_WINDOW_MINUTES } from '../booking/availability-rule';
import { SESSION_OUTCOMES, type SessionOutcome } from '../booking/types';
import { parseDate, parseInstant } from '../calendar/jst';
import {
  identifierInId,
  identifierInIdReason,
  idHoldsName,
  JET_NUMBER_IN_ID_SOURCE,
} from './identifiers';
import { exceedsCodePoints, countCodePoints, formatCount, isWellFormedText } from './text';

export const DATASET_FORMAT = 'counsellor-workstation.dataset';
export const DATASET_VERSION = 1;

export const LANGUAGES = ['en', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * The most a field can hold and still be plausible, in code points. Anything longer is refused
 * (the file is damaged or is not what it claims); a message body between MESSAGE_BODY_LIMIT and
 * this is kept whole and flagged instead.
 */
export const FIELD_LIMITS = {
  id: 200,
  name: 200,
  email: 254,
  subject: 1_000,
  body: 100_000,
  rule: 1_000,
  topic: 100,
} as const;

/** The most topic tags one message may carry. */
export const MAX_TOPICS = 20;

/** A JET number: 11 digits beginning with 20 (DOMAIN.md section 7). */
export const JET_NUMBER_PATTERN = /^20\d{9}$/;

/** An instant as parseInstant reads it: ISO 8601 with an offset (`Z` or `+09:00`). */
export const INSTANT_PATTERN =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Instants outside [2000-01-01, 2100-01-01) UTC are refused as implausible. */
export const EARLIEST_INSTANT_MS = 946_684_800_000;
export const LATEST_INSTANT_MS = 4_102_444_800_000;

/** A JST date `YYYY-MM-DD` (the calendar checks it is a real date). */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A JST wall time `HH:MM`, 00:00 to 23:59. */
export const WALL_TIME_PATTERN = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

/**
 * What went wrong with a record, as a stable code (for the UI's own wording and for tests);
 * every problem also carries a readable reason.
 */
export type RecordProblemCode =
  | 'not-an-object'
  | 'missing'
  | 'wrong-type'
  | 'empty'
  | 'invalid-value'
  | 'too-long'
  | 'damaged-text'
  | 'unknown-field'
  | 'mixed-message-kind'
  | 'duplicate-value'
  | 'duplicate-id'
  | 'unknown-reference'
  | 'invalid-reference'
  | 'reply-without-message'
  | 'thread-participant-mismatch'
  | 'in-the-future'
  | 'identifier-in-id';

function addProblem(ctx: z.RefinementCtx, problem: RecordProblemCode, message: string): void {
  ctx.addIssue({ code: 'custom', message, params: { problem } });
}

/** Text of at most `max` code points, free of damaged characters, and (unless allowBlank) not blank. */
function text(options: { max: number; allowBlank?: boolean; description: string }) {
  const { max, allowBlank = false, description } = options;
  return z
    .string()
    .superRefine((value, ctx) => {
      if (!allowBlank && value.trim() === '') {
        addProblem(ctx, 'empty', value === '' ? 'is empty' : 'holds only spaces');
      }
      if (exceedsCodePoints(value, max)) {
        addProblem(
          ctx,
          'too-long',
          `is ${formatCount(countCodePoints(value))} characters long; more than ${formatCount(max)} cannot be right (is the file damaged?)`,
        );
      }
      if (!isWellFormedText(value)) {
        addProblem(
          ctx,
          'damaged-text',
          'holds a damaged character (half of an emoji or other character); the file may have been corrupted',
        );
      }
    })
    .meta({
      description,
      maxLength: max,
      ...(allowBlank ? {} : { minLength: 1, pattern: '\\S' }),
    });
}

/**
 * An id: text that holds no identifier (./identifiers). Ids are stored and sent unsealed, so one
 * made of a JET number or an e-mail address is refused, whatever the record (issue 13).
 */
function id(description: string) {
  return text({ max: FIELD_LIMITS.id, description })
    .superRefine((value, ctx) => {
      const identifier = identifierInId(value);
      if (identifier !== null)
        addProblem(ctx, 'identifier-in-id', identifierInIdReason(identifier));
    })
    .meta({
      description: `${description} Never a JET number, an e-mail address or a name: ids are stored and sent unsealed.`,
      not: { anyOf: [{ pattern: '[@\\uFF20]' }, { pattern: JET_NUMBER_IN_ID_SOURCE }] },
    });
}

/** Epoch milliseconds of an instant the schema accepted (NaN otherwise). */
function instantMsOf(text: string): number {
  const parsed = parseInstant(text);
  return parsed.ok ? parsed.instantMs : Number.NaN;
}

function instant(description: string) {
  return z
    .string()
    .superRefine((value, ctx) => {
      const parsed = parseInstant(value);
      if (!parsed.ok) {
        addProblem(
          ctx,
          'invalid-value',
          parsed.problem.startsWith('has ')
            ? parsed.problem
            : 'must be a date and time with its offset from UTC, e.g. 2026-11-23T10:00:00+09:00',
        );
      } else if (parsed.instantMs < EARLIEST_INSTANT_MS || parsed.instantMs >= LATEST_INSTANT_MS) {
        addProblem(ctx, 'invalid-value', 'is not in the years 2000 to 2099');
      }
    })
    .meta({ description, pattern: INSTANT_PATTERN.source });
}

function date(description: string) {
  return z
    .string()
    .superRefine((value, ctx) => {
      const day = DATE_PATTERN.test(value) ? parseDate(value) : null;
      if (day === null) {
        addProblem(ctx, 'invalid-value', 'must be a real date written YYYY-MM-DD, e.g. 2026-12-01');
      } else if (value < '2000-01-01' || value > '2099-12-31') {
        addProblem(ctx, 'invalid-value', 'is not in the years 2000 to 2099');
      }
    })
    .meta({ description, pattern: DATE_PATTERN.source });
}

function wallTime(description: string) {
  return z
    .string()
    .regex(WALL_TIME_PATTERN, { error: 'must be a JST time written HH:MM, from 00:00 to 23:59' })
    .meta({ description });
}

/** The problem to add at `path` of an object being refined. */
function addProblemAt(
  ctx: z.RefinementCtx,
  path: string,
  problem: RecordProblemCode,
  message: string,
): void {
  ctx.addIssue({ code: 'custom', path: [path], message, params: { problem } });
}

/** An id field (for other contracts that take the dataset's ids, e.g. the portal's intake). */
export const idSchema = id;

export const languageSchema = z
  .enum(LANGUAGES, { error: 'must be "en" (English) or "ja" (Japanese)' })
  .meta({ description: 'A language of the service: "en" English, "ja" Japanese.' });

export const participantSchema = z
  .strictObject({
    id: id('The participant\'s id, unique among participants (e.g. "p-0001" or a ULID).'),
    jetNumber: z
      .string({ error: 'must be text of 11 digits beginning with 20, or null' })
      .regex(JET_NUMBER_PATTERN, {
        error: 'must be 11 digits beginning with 20 (e.g. 20123456789), or be left out',
      })
      .nullable()
      .optional()
      .meta({
        description:
          'The JET number: 11 digits beginning with 20. Optional: absent or null when unknown.',
      }),
    name: text({ max: FIELD_LIMITS.name, description: 'Name as the participant gave it.' }),
    email: z
      .string()
      .max(FIELD_LIMITS.email, { error: `is longer than ${FIELD_LIMITS.email} characters` })
      .regex(EMAIL_PATTERN, { error: 'is not an e-mail address (name@example.com)' })
      .meta({ description: 'E-mail address the service writes to.' }),
    language: languageSchema,
  })
  .superRefine((record, ctx) => {
    // An id made of the participant's own name (or the name part of their e-mail) is refused.
    const emailName = record.email.split('@')[0] ?? '';
    if (identifierInId(record.id) !== null) return; // already refused, once is enough
    if (idHoldsName(record.id, record.name) || idHoldsName(record.id, emailName)) {
      addProblemAt(ctx, 'id', 'identifier-in-id', identifierInIdReason('name'));
    }
  })
  .meta({ title: 'Participant', description: 'A JET Programme participant who uses the service.' });

export const counsellorSchema = z
  .strictObject({
    id: id('The counsellor\'s id, unique among counsellors (e.g. "c-01").'),
    name: text({ max: FIELD_LIMITS.name, description: 'Name as shown to participants.' }),
    languages: z
      .array(languageSchema)
      .min(1, { error: 'must list at least one language ("en", "ja")' })
      .superRefine((languages, ctx) => {
        if (new Set(languages).size !== languages.length) {
          addProblem(ctx, 'duplicate-value', 'lists the same language twice');
        }
      })
      .meta({ description: 'Languages the counsellor answers in.', uniqueItems: true }),
  })
  .meta({ title: 'Counsellor', description: 'A counsellor of the service.' });

const messageFields = {
  id: id('The message\'s id, unique among messages (e.g. "m-000001").'),
  threadId: id(
    'The thread (conversation) the message belongs to. A thread belongs to one participant.',
  ),
  participantId: id(
    "The participant who wrote the message, or to whom the reply is written: a participant's id.",
  ),
  subject: text({
    max: FIELD_LIMITS.subject,
    allowBlank: true,
    description: 'Subject line (may be empty).',
  }),
  body: text({
    max: FIELD_LIMITS.body,
    description:
      'The text, kept whole. A participant\'s message over 1,200 characters (Unicode code points) is imported and flagged "over the limit", never cut.',
  }),
};

export const participantMessageSchema = z
  .strictObject({
    ...messageFields,
    receivedAt: instant(
      'When the service received the message: ISO 8601 with an offset, e.g. 2026-11-23T10:00:00+09:00.',
    ),
    requestedCounsellorId: id("The counsellor the participant asked for: a counsellor's id.")
      .nullable()
      .optional(),
    topics: z
      .array(
        text({
          max: FIELD_LIMITS.topic,
          description: 'A topic tag, e.g. "work-stress" (docs/reports.md, "Topics").',
        }),
      )
      .max(MAX_TOPICS, { error: `lists more than ${MAX_TOPICS} topics` })
      .nullable()
      .optional()
      .meta({
        description:
          "Topic tags of the message's thread, as triage set them (optional; absent or null for none). A thread's topics are those of all its participant's messages. Reports count them through a controlled vocabulary, never as typed.",
      }),
  })
  .meta({
    title: 'Participant message',
    description: 'A message written by a participant through the web-mail form.',
  });

export const replySchema = z
  .strictObject({
    ...messageFields,
    author: id("The counsellor who wrote the reply: a counsellor's id."),
    sentAt: instant(
      'When the reply was sent: ISO 8601 with an offset, e.g. 2026-11-25T15:00:00+09:00.',
    ),
  })
  .meta({
    title: 'Reply',
    description:
      "A counsellor's reply. It has author and sentAt instead of receivedAt, and belongs to a thread that has a participant's message.",
  });

export const messageSchema = z.union([participantMessageSchema, replySchema]);

export type Participant = z.infer<typeof participantSchema>;
export type Counsellor = z.infer<typeof counsellorSchema>;
export type ParticipantMessage = z.infer<typeof participantMessageSchema>;
export type Reply = z.infer<typeof replySchema>;
export type Message = ParticipantMessage | Reply;
export type Availability = z.infer<typeof availabilitySchema>;
export type DayOff = z.infer<typeof dayOffSchema>;
export type ExtraWindow = z.infer<typeof extraWindowSchema>;
export type AvailabilityException = DayOff | ExtraWindow;
export type Session = z.infer<typeof sessionSchema>;

export const availabilitySchema = z
  .strictObject({
    id: id('The rule\'s id, unique among availability rules (e.g. "av-c-01-1").'),
    counsellorId: id("The counsellor whose availability this is: a counsellor's id."),
    rule: z
      .string()
      .superRefine((value, ctx) => {
        if (exceedsCodePoints(value, FIELD_LIMITS.rule)) {
          addProblem(
            ctx,
            'too-long',
            `is more than ${formatCount(FIELD_LIMITS.rule)} characters long; an availability rule is two short lines`,
          );
          return;
        }
        const parsed = parseAvailabilityRule(value);
        if (!parsed.ok) {
          // The booking module's reason, as the availability editor shows it.
          addProblem(
            ctx,
            'invalid-value',
            /^[a-z]/.test(parsed.problem)
              ? parsed.problem
              : `is not a valid availability rule: ${parsed.problem}`,
          );
        }
      })
      .meta({
        description:
          'An RFC 5545 rule in JST wall time: "DTSTART;TZID=Asia/Tokyo:YYYYMMDDTHHMMSS", a newline, and "RRULE:..." (FREQ=WEEKLY or DAILY; INTERVAL, BYDAY, BYMONTH, WKST, UNTIL or COUNT), e.g. "DTSTART;TZID=Asia/Tokyo:20261202T100000\\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR".',
        minLength: 1,
        maxLength: FIELD_LIMITS.rule,
      }),
    durationMinutes: z
      .number()
      .superRefine((value, ctx) => {
        if (!Number.isInteger(value) || value < 1 || value > MAX_WINDOW_MINUTES) {
          addProblem(
            ctx,
            'invalid-value',
            `must be a whole number of minutes from 1 to ${formatCount(MAX_WINDOW_MINUTES)}`,
          );
        }
      })
      .meta({
        description: 'How long each window lasts, in minutes (1 to 1440).',
        type: 'integer',
        minimum: 1,
        maximum: MAX_WINDOW_MINUTES,
      }),
    validFrom: date('First JST date (inclusive) with windows. Optional: absent or null for none.')
      .nullable()
      .optional(),
    validUntil: date(
      'Last JST date (inclusive) with windows, not before validFrom. Optional: absent or null.',
    )
      .nullable()
      .optional(),
  })
  .superRefine((record, ctx) => {
    if (record.validFrom != null && record.validUntil != null) {
      if (record.validUntil < record.validFrom) {
        addProblemAt(ctx, 'validUntil', 'invalid-value', 'is before validFrom');
      }
    }
  })
  .meta({
    title: 'Availability rule',
    description:
      "A counsellor's recurring availability window, in JST wall time. Holidays and closures are never written into a rule: the business calendar removes them.",
  });

const exceptionFields = {
  id: id('The exception\'s id, unique among availability exceptions (e.g. "ax-0001").'),
  counsellorId: id("The counsellor it applies to: a counsellor's id."),
  date: date('The JST date it applies to, YYYY-MM-DD.'),
};

/** The fields every exception has; for checking a record whose kind is neither. */
export const availabilityExceptionBaseSchema = z.strictObject(exceptionFields);

export const dayOffSchema = z
  .strictObject({
    ...exceptionFields,
    kind: z.literal('day-off', { error: 'must be "day-off" or "extra-window"' }),
  })
  .meta({
    title: 'Day off',
    description: "None of the counsellor's recurring windows apply on that date.",
  });

export const extraWindowSchema = z
  .strictObject({
    ...exceptionFields,
    kind: z.literal('extra-window', { error: 'must be "day-off" or "extra-window"' }),
    start: wallTime('When the extra window starts: JST wall time HH:MM.'),
    end: wallTime('When it ends: JST wall time HH:MM, after start on the same date.'),
  })
  .superRefine((record, ctx) => {
    if (record.end <= record.start) {
      addProblemAt(ctx, 'end', 'invalid-value', 'must be after start on the same date');
    }
  })
  .meta({
    title: 'Extra window',
    description: 'The counsellor is also available from start to end on that date.',
  });

export const availabilityExceptionSchema = z.union([dayOffSchema, extraWindowSchema]);

export const sessionOutcomeSchema = z.enum(
  SESSION_OUTCOMES as [SessionOutcome, ...SessionOutcome[]],
  {
    error: `must be one of ${SESSION_OUTCOMES.map((o) => `"${o}"`).join(', ')}`,
  },
);

/** Outcomes that need `cancelledAt`. */
export const CANCELLED_OUTCOMES: readonly SessionOutcome[] = ['cancelled', 'late-cancelled'];

export const sessionSchema = z
  .strictObject({
    id: id('The session\'s id, unique among sessions (e.g. "s-00001").'),
    participantId: id("The participant the session is with: a participant's id."),
    counsellorId: id("The counsellor who holds it: a counsellor's id."),
    start: instant(
      'When the 40-minute session starts: ISO 8601 with an offset, e.g. 2026-12-02T10:00:00+09:00.',
    ),
    outcome: sessionOutcomeSchema.meta({
      description:
        '"scheduled" (not held yet), "completed", "cancelled" (before the booking cutoff), "late-cancelled" (after it; counts toward the quota) or "no-show".',
    }),
    cancelledAt: instant(
      'When it was cancelled, not after start: required for "cancelled" and "late-cancelled", absent (or null) otherwise.',
    )
      .nullable()
      .optional(),
    channel: z.enum(['video', 'phone'], { error: 'must be "video" or "phone"' }).optional().meta({
      description:
        'How it was held: "video" (the default when absent), or "phone" when the video link failed.',
    }),
    durationMinutes: z
      .number({ error: 'must be a whole number of minutes' })
      .int('must be a whole number of minutes')
      .min(1, 'must be at least 1 minute')
      .max(180, 'must be at most 180 minutes')
      .nullable()
      .optional()
      .meta({
        description:
          'Minutes actually held, for a completed session (1 to 180); absent or null when not recorded.',
      }),
  })
  .superRefine((record, ctx) => {
    if (record.durationMinutes != null && record.outcome !== 'completed') {
      addProblemAt(
        ctx,
        'durationMinutes',
        'invalid-value',
        `cannot be on a session with outcome "${record.outcome}": only a completed session has a duration`,
      );
    }
    const cancelled = CANCELLED_OUTCOMES.includes(record.outcome);
    if (cancelled && record.cancelledAt == null) {
      addProblemAt(
        ctx,
        'cancelledAt',
        'missing',
        `is missing: a session with outcome "${record.outcome}" says when it was cancelled`,
      );
    } else if (!cancelled && record.cancelledAt != null) {
      addProblemAt(
        ctx,
        'cancelledAt',
        'invalid-value',
        `cannot be on a session with outcome "${record.outcome}": only a cancelled or late-cancelled session has it`,
      );
    } else if (record.cancelledAt != null) {
      const startMs = instantMsOf(record.start);
      const cancelledMs = instantMsOf(record.cancelledAt);
      if (cancelledMs > startMs) {
        addProblemAt(
          ctx,
          'cancelledAt',
          'invalid-value',
          'is after the session started; a session missed without cancelling in time is a "no-show"',
        );
      }
    }
  })
  .meta({
    title: 'Session',
    description:
      'A 40-minute video session with a participant, as history: booking rules (quota, cutoffs) are not checked at import.',
  });

/** A reply has an author; a participant's message does not. */
export function isReply(message: Message): message is Reply {
  return 'author' in message;
}

/** The record type of each collection. A new collection adds a line. */
export interface DatasetRecords {
  participants: Participant;
  counsellors: Counsellor;
  messages: Message;
  availability: Availability;
  availabilityExceptions: AvailabilityException;
  sessions: Session;
}

export type CollectionName = keyof DatasetRecords;

/** The collections in dependency order: a collection refers only to collections before it. */
export const COLLECTION_NAMES = [
  'participants',
  'counsellors',
  'messages',
  'availability',
  'availabilityExceptions',
  'sessions',
] as const satisfies readonly CollectionName[];

const RECORD_SCHEMAS: { [C in CollectionName]: z.ZodType<DatasetRecords[C]> } = {
  participants: participantSchema,
  counsellors: counsellorSchema,
  messages: messageSchema,
  availability: availabilitySchema,
  availabilityExceptions: availabilityExceptionSchema,
  sessions: sessionSchema,
};

const COLLECTION_DESCRIPTIONS: { [C in CollectionName]: string } = {
  participants: 'Participants. Optional: a file may add messages for participants already stored.',
  counsellors: 'Counsellors. Optional.',
  messages: "Participants' messages and counsellors' replies, in any order. Optional.",
  availability: "Counsellors' recurring availability rules. Optional.",
  availabilityExceptions:
    "Exceptions to counsellors' availability: days off and extra windows. Optional.",
  sessions: 'Video sessions: past ones with their outcome, and scheduled ones. Optional.',
};

type CollectionArraySchemas = {
  [C in CollectionName]: z.ZodOptional<z.ZodArray<z.ZodType<DatasetRecords[C]>>>;
};

const collectionArraySchemas = Object.fromEntries(
  COLLECTION_NAMES.map((name) => [
    name,
    z.array(RECORD_SCHEMAS[name]).optional().meta({ description: COLLECTION_DESCRIPTIONS[name] }),
  ]),
) as CollectionArraySchemas;

/** The whole document. A strict parse: any problem anywhere fails it (./validate is per record). */
export const datasetSchema = z
  .strictObject({
    format: z
      .literal(DATASET_FORMAT)
      .meta({ description: 'Always "counsellor-workstation.dataset".' }),
    version: z.literal(DATASET_VERSION).meta({ description: 'The format version: 1.' }),
    ...collectionArraySchemas,
  })
  .meta({
    title: 'Counsellor Workstation dataset',
    description:
      'Participants, counsellors, messages, availability and video sessions for import into Counsellor Workstation (docs/dataset.md).',
  });

export type DatasetDocument = {
  format: typeof DATASET_FORMAT;
  version: typeof DATASET_VERSION;
} & { [C in CollectionName]?: DatasetRecords[C][] };

/** The top-level fields of a version 1 document. */
export const DOCUMENT_KEYS: readonly string[] = ['format', 'version', ...COLLECTION_NAMES];

/** The JSON text of a dataset as the app writes it: two-space indentation, a final newline. */
export function serializeDataset(document: DatasetDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
