/**
 * Checking a dataset file before import (issue 4, item 3): pure, synchronous, no clock, no Node or
 * DOM, so that it runs in a Web Worker as well as in Node.
 *
 * Two levels:
 * - **The document**: not JSON (with line and column), not an object, another `format`, an
 *   unsupported `version`, an unknown top-level field, a collection that is not a list. Any of
 *   these rejects the whole file: `{ok: false, problems}`.
 * - **Each record**, all or nothing: a record is valid as a whole, or listed as invalid with its
 *   position (`messages[12]`), its id when readable, its line and column in the file, and one
 *   problem per field with a reason. Checks, in order:
 *   1. its own fields (./schema): missing, wrong type, malformed, implausibly long, unknown;
 *   2. unique ids within its collection: the later record with an id is invalid, naming the first;
 *   3. references (a message's participant, author, requested counsellor; an availability rule's
 *      or exception's counsellor; a session's participant and counsellor): the record referred to
 *      is valid in this file, or already stored (`known`). A reference to a record that is
 *      invalid in this file makes the referring record invalid too, so nothing stored ever points
 *      at nothing;
 *   4. threads: a thread belongs to one participant (the participant of its first valid message
 *      in the file, or as stored); a reply needs a participant's message in its thread;
 *   5. with `nowMs`: no message, cancellation, completed session or no-show dated after it (a
 *      scheduled session may be). Booking rules (quota, cutoffs) are not checked: imported
 *      sessions are history.
 *
 * A participant's message over 1,200 code points is valid, kept whole and flagged `overLimit`.
 *
 * Cost: one JSON.parse, one zod parse per record and a few Map lookups per reference: linear in
 * the size of the file. Past the invalid records whose problems are kept (a margin over
 * MAX_INVALID_KEPT), a record lacking a field every record of its collection needs is counted
 * without its zod parse (issue 12.5). Line numbers of invalid records cost one more pass over the text, only
 * when there are any.
 */
import type { z } from 'zod';
import { parseInstant } from '../calendar/jst';
import { findJsonSyntaxError, locateArrayElements, type TextPosition } from './json-text';
import { describeJsonValue, problemsFromIssues, type RecordProblem } from './problems';
import {
  COLLECTION_NAMES,
  DATASET_FORMAT,
  DATASET_VERSION,
  DOCUMENT_KEYS,
  availabilityExceptionBaseSchema,
  availabilitySchema,
  counsellorSchema,
  dayOffSchema,
  extraWindowSchema,
  participantMessageSchema,
  participantSchema,
  replySchema,
  sessionSchema,
  type CollectionName,
  type DatasetRecords,
  type Message,
} from './schema';
import { identifierInId, identifierInIdReason, nameInIdMatcher } from './identifiers';
import { MESSAGE_BODY_LIMIT, countCodePoints } from './text';

export type { RecordProblem };

// ---------------------------------------------------------------------------------------------
// Results

export type DocumentProblem =
  | { kind: 'empty'; message: string }
  | { kind: 'not-json'; line: number; column: number; reason: string; message: string }
  | { kind: 'not-an-object'; message: string }
  | { kind: 'wrong-format'; message: string }
  | { kind: 'unsupported-version'; message: string }
  | { kind: 'unknown-field'; field: string; message: string }
  | { kind: 'not-a-list'; collection: CollectionName; message: string };

export type MessageKind = 'participant-message' | 'reply';

/** What the validator learnt about a valid message, so that the importer need not work it out. */
export interface MessageFacts {
  kind: MessageKind;
  /** receivedAt (a participant's message) or sentAt (a reply), in epoch milliseconds. */
  atMs: number;
  /** Length of the body in Unicode code points. */
  bodyCodePoints: number;
  /** A participant's message longer than 1,200 code points: kept whole, flagged. Never true for a reply. */
  overLimit: boolean;
}

/** What the validator learnt about a valid session. */
export interface SessionFacts {
  /** `start` in epoch milliseconds. */
  startMs: number;
  /** `cancelledAt` in epoch milliseconds, or null when absent. */
  cancelledAtMs: number | null;
}

type NoFacts = Record<never, never>;

export interface RecordFacts {
  participants: NoFacts;
  counsellors: NoFacts;
  messages: MessageFacts;
  availability: NoFacts;
  availabilityExceptions: NoFacts;
  sessions: SessionFacts;
}

export type ValidRecord<C extends CollectionName = CollectionName> = {
  collection: C;
  /** Index in the file's list, from 0. */
  index: number;
  /** `messages[12]` */
  position: string;
  id: string;
  record: DatasetRecords[C];
} & RecordFacts[C];

export interface InvalidRecord {
  collection: CollectionName;
  index: number;
  position: string;
  /** The record's id when it is readable (non-empty text), else null. */
  id: string | null;
  /** Where the record starts in the file; null when the input was not text. */
  line: number | null;
  column: number | null;
  /** At least one. */
  problems: RecordProblem[];
}

export interface CollectionCheck<C extends CollectionName> {
  valid: ValidRecord<C>[];
  /** Its invalid records among the first MAX_INVALID_KEPT of the file (see `counts.invalid`). */
  invalid: InvalidRecord[];
}

/**
 * Invalid records kept with their problems (issue 12.5): the first ones of the file, in file order;
 * the rest are counted only (`counts.invalid`). A file of a million broken records would otherwise
 * keep a million problem lists (1.5 GB).
 */
export const MAX_INVALID_KEPT = 100;

export interface DatasetCheckCounts {
  records: number;
  valid: number;
  invalid: number;
  /** Valid participants' messages over 1,200 code points. */
  overLimit: number;
}

export interface DatasetChecked {
  ok: true;
  version: typeof DATASET_VERSION;
  collections: { [C in CollectionName]: CollectionCheck<C> };
  /**
   * The first MAX_INVALID_KEPT invalid records, collection by collection in file order; how many
   * there are in all is `counts.invalid`.
   */
  invalid: InvalidRecord[];
  counts: DatasetCheckCounts;
}

export interface DatasetRejected {
  ok: false;
  /** At least one; the whole file is refused. */
  problems: DocumentProblem[];
}

export type DatasetValidation = DatasetChecked | DatasetRejected;

// ---------------------------------------------------------------------------------------------
// Options

/** Anything with `has`: a Set of ids, or the keys of a Map. */
export interface IdLookup {
  has(id: string): boolean;
}

/** The participant a stored thread belongs to (a Map from thread id to participant id will do). */
export interface ThreadLookup {
  get(threadId: string): string | undefined;
}

/**
 * What is already stored, for references from the file to records not in it. Only valid, stored
 * records belong here.
 */
export type KnownRecords = { [C in CollectionName]?: IdLookup } & {
  /** Stored threads that have a participant's message, with their participant. */
  threads?: ThreadLookup;
};

export interface DatasetProgress {
  /** Records checked so far. */
  done: number;
  total: number;
}

export interface ValidateDatasetOptions {
  known?: KnownRecords;
  /** When given, a message dated after this instant is invalid ("in the future"). */
  nowMs?: number;
  /** Called every PROGRESS_EVERY records and at the end. */
  onProgress?: (progress: DatasetProgress) => void;
}

export const PROGRESS_EVERY = 2_000;

// ---------------------------------------------------------------------------------------------
// The collections: how each parses its records and what it refers to. A new collection adds an
// entry here, its schema in ./schema and its canonical form in ./fingerprint; TypeScript asks for
// all three.

type ParseOutcome<C extends CollectionName> =
  | { ok: true; record: DatasetRecords[C]; facts: RecordFacts[C] }
  | { ok: false; problems: RecordProblem[] };

interface ReferenceRule {
  /** A field of the record holding an id (absent or null: no reference). */
  field: string;
  to: CollectionName;
}

interface CollectionRules<C extends CollectionName> {
  /** "participant": one record, in a reason. */
  noun: string;
  parse(raw: Record<string, unknown>): ParseOutcome<C>;
  references: readonly ReferenceRule[];
  /** Checks across the collection's records, after references; adds problems to entries. */
  check?(entries: Entry<C>[], context: CheckContext): void;
}

interface CheckContext {
  known: KnownRecords;
  nowMs: number | undefined;
}

function parseWith<C extends CollectionName>(
  schema: z.ZodType<DatasetRecords[C]>,
  noun: string,
  facts: RecordFacts[C],
): (raw: Record<string, unknown>) => ParseOutcome<C> {
  return (raw) => {
    const parsed = schema.safeParse(raw);
    return parsed.success
      ? { ok: true, record: parsed.data, facts }
      : { ok: false, problems: problemsFromIssues(parsed.error.issues, raw, noun) };
  };
}

const NEITHER_KIND =
  "is missing: a participant's message has receivedAt; a counsellor's reply has author and sentAt instead";

function parseMessage(raw: Record<string, unknown>): ParseOutcome<'messages'> {
  const replyShape = 'author' in raw || 'sentAt' in raw;
  const parsed = replyShape ? replySchema.safeParse(raw) : participantMessageSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = problemsFromIssues(
      parsed.error.issues,
      raw,
      replyShape ? 'reply' : "participant's message",
    ).map((problem): RecordProblem => {
      if (replyShape && problem.code === 'unknown-field' && problem.field === 'receivedAt') {
        return {
          field: 'receivedAt',
          code: 'mixed-message-kind',
          message:
            "cannot be on a reply: a message is either a participant's (with receivedAt) or a counsellor's reply (with author and sentAt)",
        };
      }
      if (
        replyShape &&
        problem.code === 'unknown-field' &&
        problem.field === 'requestedCounsellorId'
      ) {
        return {
          field: problem.field,
          code: 'mixed-message-kind',
          message:
            "cannot be on a reply: only a participant's message asks for a counsellor (a reply has an author)",
        };
      }
      if (!replyShape && problem.code === 'missing' && problem.field === 'receivedAt') {
        return { ...problem, message: NEITHER_KIND };
      }
      return problem;
    });
    return { ok: false, problems };
  }
  const record: Message = parsed.data;
  const reply = 'author' in record;
  const at = parseInstant(reply ? record.sentAt : record.receivedAt);
  // The schema accepted the instant, so it parses.
  const atMs = at.ok ? at.instantMs : Number.NaN;
  const bodyCodePoints = countCodePoints(record.body);
  return {
    ok: true,
    record,
    facts: {
      kind: reply ? 'reply' : 'participant-message',
      atMs,
      bodyCodePoints,
      overLimit: !reply && bodyCodePoints > MESSAGE_BODY_LIMIT,
    },
  };
}

const EXCEPTION_KINDS = '"day-off" or "extra-window"';

function parseException(raw: Record<string, unknown>): ParseOutcome<'availabilityExceptions'> {
  const noun = 'availability exception';
  const kind = raw.kind;
  if (kind === 'day-off' || kind === 'extra-window') {
    const parsed =
      kind === 'day-off' ? dayOffSchema.safeParse(raw) : extraWindowSchema.safeParse(raw);
    if (parsed.success) return { ok: true, record: parsed.data, facts: {} };
    const problems = problemsFromIssues(parsed.error.issues, raw, noun).map(
      (problem): RecordProblem =>
        kind === 'day-off' &&
        problem.code === 'unknown-field' &&
        (problem.field === 'start' || problem.field === 'end')
          ? {
              ...problem,
              message:
                'cannot be on a day off: only an extra window ("kind": "extra-window") has a start and an end',
            }
          : problem,
    );
    return { ok: false, problems };
  }
  // Neither kind: say so, and check the fields every exception has.
  const { kind: _kind, start: _start, end: _end, ...rest } = raw;
  const base = availabilityExceptionBaseSchema.safeParse(rest);
  const problems: RecordProblem[] = [
    kind === undefined
      ? { field: 'kind', code: 'missing', message: `is missing: it is ${EXCEPTION_KINDS}` }
      : { field: 'kind', code: 'invalid-value', message: `must be ${EXCEPTION_KINDS}` },
  ];
  if (!base.success) problems.push(...problemsFromIssues(base.error.issues, rest, noun));
  return { ok: false, problems };
}

function parseSession(raw: Record<string, unknown>): ParseOutcome<'sessions'> {
  const parsed = sessionSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = problemsFromIssues(parsed.error.issues, raw, 'session').map(
      (problem): RecordProblem =>
        problem.field === 'outcome' && raw.outcome === undefined
          ? { field: 'outcome', code: 'missing', message: 'is missing' }
          : problem,
    );
    return { ok: false, problems };
  }
  const record = parsed.data;
  // The schema accepted the instants, so they parse.
  const ms = (text: string) => {
    const at = parseInstant(text);
    return at.ok ? at.instantMs : Number.NaN;
  };
  return {
    ok: true,
    record,
    facts: {
      startMs: ms(record.start),
      cancelledAtMs: record.cancelledAt == null ? null : ms(record.cancelledAt),
    },
  };
}

/**
 * The fields a record of each collection cannot be without, whatever its kind (for messages and
 * exceptions: the fields both kinds need). Past the invalid records kept in full, a record lacking
 * one is known to be invalid without its schema building a problem list it would not keep
 * (issue 12.5: a million `{}` records).
 */
function requiredFields(...schemas: z.ZodObject[]): readonly string[] {
  const [first, ...rest] = schemas.map(
    (schema) =>
      new Set(
        Object.entries(schema.shape as Record<string, z.ZodType>)
          .filter(([, field]) => !field.safeParse(undefined).success)
          .map(([key]) => key),
      ),
  );
  return [...first!].filter((key) => rest.every((keys) => keys.has(key)));
}

const REQUIRED_FIELDS: { [C in CollectionName]: readonly string[] } = {
  participants: requiredFields(participantSchema),
  counsellors: requiredFields(counsellorSchema),
  messages: requiredFields(participantMessageSchema, replySchema),
  availability: requiredFields(availabilitySchema),
  availabilityExceptions: requiredFields(dayOffSchema, extraWindowSchema),
  sessions: requiredFields(sessionSchema),
};

const COLLECTIONS: { [C in CollectionName]: CollectionRules<C> } = {
  participants: {
    noun: 'participant',
    parse: parseWith<'participants'>(participantSchema, 'participant', {}),
    references: [],
  },
  counsellors: {
    noun: 'counsellor',
    parse: parseWith<'counsellors'>(counsellorSchema, 'counsellor', {}),
    references: [],
  },
  messages: {
    noun: 'message',
    parse: parseMessage,
    references: [
      { field: 'participantId', to: 'participants' },
      { field: 'author', to: 'counsellors' },
      { field: 'requestedCounsellorId', to: 'counsellors' },
    ],
    check: (entries, { known, nowMs }) => checkMessages(entries, known, nowMs),
  },
  availability: {
    noun: 'availability rule',
    parse: parseWith<'availability'>(availabilitySchema, 'availability rule', {}),
    references: [{ field: 'counsellorId', to: 'counsellors' }],
  },
  availabilityExceptions: {
    noun: 'availability exception',
    parse: parseException,
    references: [{ field: 'counsellorId', to: 'counsellors' }],
  },
  sessions: {
    noun: 'session',
    parse: parseSession,
    references: [
      { field: 'participantId', to: 'participants' },
      { field: 'counsellorId', to: 'counsellors' },
    ],
    check: (entries, { nowMs }) => checkSessions(entries, nowMs),
  },
};

// ---------------------------------------------------------------------------------------------
// The document

type DocumentCheck =
  { ok: true; document: Record<string, unknown> } | { ok: false; problems: DocumentProblem[] };

/** A short, safe rendering of a top-level value (`format` or `version`) for a reason. */
function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function listWords(words: readonly string[]): string {
  const quoted = words.map((w) => `"${w}"`);
  return quoted.length <= 1
    ? quoted.join('')
    : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]!}`;
}

function checkDocument(value: unknown): DocumentCheck {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      ok: false,
      problems: [
        {
          kind: 'not-an-object',
          message: `The file holds ${describeJsonValue(value)}, not a dataset: a dataset is a JSON object starting {"format": "${DATASET_FORMAT}", "version": ${DATASET_VERSION}, ...}.`,
        },
      ],
    };
  }
  const document = value as Record<string, unknown>;
  if (document.format !== DATASET_FORMAT) {
    const found =
      'format' in document ? `its "format" is ${shortJson(document.format)}` : 'it has no "format"';
    return {
      ok: false,
      problems: [
        {
          kind: 'wrong-format',
          message: `This is not a Counsellor Workstation dataset: ${found}, where a dataset has "format": "${DATASET_FORMAT}".`,
        },
      ],
    };
  }
  if (document.version !== DATASET_VERSION) {
    const version = document.version;
    const message = !('version' in document)
      ? `The dataset has no "version"; this app reads version ${DATASET_VERSION}.`
      : typeof version === 'number' && Number.isInteger(version) && version > DATASET_VERSION
        ? `The dataset is version ${version}, written by a newer app; this app reads version ${DATASET_VERSION}. Update the app to import it.`
        : `The dataset's "version" is ${shortJson(version)}; this app reads version ${DATASET_VERSION}.`;
    return { ok: false, problems: [{ kind: 'unsupported-version', message }] };
  }
  const problems: DocumentProblem[] = [];
  for (const key of Object.keys(document)) {
    if (DOCUMENT_KEYS.includes(key)) continue;
    const closest = COLLECTION_NAMES.find((name) => editDistance(key, name) <= 2);
    problems.push({
      kind: 'unknown-field',
      field: key,
      message: `The dataset has a field "${key}" that version ${DATASET_VERSION} does not have${closest === undefined ? '' : ` (did you mean "${closest}"?)`}; it has ${listWords(DOCUMENT_KEYS)}.`,
    });
  }
  for (const collection of COLLECTION_NAMES) {
    const list = document[collection];
    if (list !== undefined && !Array.isArray(list)) {
      problems.push({
        kind: 'not-a-list',
        collection,
        message: `"${collection}" must be a list ([...]) of ${COLLECTIONS[collection].noun} records, not ${describeJsonValue(list)}.`,
      });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, document };
}

function notJson(text: string, error: unknown): DocumentProblem {
  const located = findJsonSyntaxError(text);
  // JSON.parse and the scanner agree on what JSON is; should they ever not, say what the engine said.
  const line = located?.line ?? 1;
  const column = located?.column ?? 1;
  const reason =
    located?.reason ?? (error instanceof Error ? error.message : 'it cannot be read as JSON');
  return {
    kind: 'not-json',
    line,
    column,
    reason,
    message: `The file is not valid JSON: line ${line}, column ${column}: ${reason}.`,
  };
}

// ---------------------------------------------------------------------------------------------
// Records

interface Entry<C extends CollectionName> {
  index: number;
  id: string | null;
  problems: RecordProblem[];
  parsed: { record: DatasetRecords[C]; facts: RecordFacts[C] } | null;
  /** Where the record starts, when read from text by the streaming check. */
  at: TextPosition | null;
  /** Its id when refused for holding an identifier (never repeated in a reason). */
  identifierId: string | null;
}

/**
 * The problems of an invalid record past the ones kept: one shared list that stays as it is
 * (adding to it does nothing), so that it says "invalid" without holding a list per record.
 */
class CountedOnly extends Array<RecordProblem> {
  override push(): number {
    return this.length;
  }
}
const COUNTED_ONLY: RecordProblem[] = Object.assign(new CountedOnly(), {
  0: { field: '', code: 'invalid-value', message: 'invalid (not listed)' } as RecordProblem,
  length: 1,
});

type Entries = { [C in CollectionName]: Entry<C>[] };

/** The id of a raw record when it is non-empty text. */
function readableId(raw: unknown): string | null {
  if (raw === null || typeof raw !== 'object') return null;
  const id = (raw as Record<string, unknown>).id;
  // An id that holds an identifier is never repeated in a reason (issue 13).
  return typeof id === 'string' && id.trim() !== '' && identifierInId(id) === null ? id : null;
}

function position(collection: string, index: number): string {
  return `${collection}[${index}]`;
}

class Progress {
  private done = 0;
  constructor(
    /** Records in all (an estimate while a file is still being read). */
    public total: number,
    private readonly report: ((progress: DatasetProgress) => void) | undefined,
  ) {}
  step(): void {
    this.done += 1;
    if (this.report !== undefined && this.done % PROGRESS_EVERY === 0) {
      this.report({ done: this.done, total: Math.max(this.total, this.done) });
    }
  }
  finish(): void {
    this.report?.({ done: this.done, total: this.done });
  }
}

function lacksRequiredField(collection: CollectionName, raw: object): boolean {
  for (const field of REQUIRED_FIELDS[collection])
    if (!Object.prototype.hasOwnProperty.call(raw, field)) return true;
  return false;
}

/**
 * Reads one collection's records one at a time (from a parsed list, or as the streaming check
 * reads them from the text): shape and unique ids. Only what later checks need is kept: a valid
 * record parsed, an invalid one with its problems (the first ones of the collection) or counted
 * (the rest; without an id, not even an entry).
 */
class CollectionReader<C extends CollectionName> {
  readonly entries: Entry<C>[] = [];
  /** Per id, the index of the first record that has it. */
  readonly firstIndexById = new Map<string, number>();
  /** Records read. */
  count = 0;
  /**
   * Invalid records whose problems are kept in full while the file is checked (a margin over
   * MAX_INVALID_KEPT: records made invalid later, by references, are kept whole too).
   */
  private budget = MAX_INVALID_KEPT * 10;

  constructor(
    readonly collection: C,
    private readonly progress: Progress,
  ) {}

  add(raw: unknown, at: TextPosition | null = null): void {
    const collection = this.collection;
    const rules = COLLECTIONS[collection] as CollectionRules<C>;
    const index = this.count;
    this.count += 1;
    const id = readableId(raw);
    const entry: Entry<C> = { index, id, problems: [], parsed: null, at, identifierId: null };
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      entry.problems.push({
        field: '',
        code: 'not-an-object',
        message: `must be a ${rules.noun} record ({...}), not ${describeJsonValue(raw)}`,
      });
    } else if (this.budget === 0 && lacksRequiredField(collection, raw)) {
      // Invalid, and past the ones kept: counted without its problems being worked out.
      entry.problems = COUNTED_ONLY;
    } else {
      const outcome = rules.parse(raw as Record<string, unknown>);
      if (outcome.ok) entry.parsed = { record: outcome.record, facts: outcome.facts };
      else entry.problems.push(...outcome.problems);
    }
    if (id !== null) {
      const first = this.firstIndexById.get(id);
      if (first === undefined) {
        this.firstIndexById.set(id, index);
      } else {
        const other = position(collection, first);
        entry.problems.push({
          field: 'id',
          code: 'duplicate-id',
          message: `is already used by ${other}; ids must be unique among ${collection}`,
          otherPosition: other,
        });
      }
    }
    // Past the ones kept, an invalid record is only counted: its problems are dropped.
    if (entry.problems.length > 0) {
      if (this.budget > 0) this.budget -= 1;
      else {
        entry.problems = COUNTED_ONLY;
        entry.parsed = null;
      }
    }
    const rawId = (raw as { id?: unknown } | null)?.id;
    if (typeof rawId === 'string' && entry.problems.some((p) => p.code === 'identifier-in-id'))
      entry.identifierId = rawId;
    // Counted only and without an id, nothing later can refer to it or list it.
    if (!(entry.problems === COUNTED_ONLY && id === null)) this.entries.push(entry);
    this.progress.step();
  }
}

interface CollectionIndex {
  /** Index of the first record with each id, valid or not. */
  firstIndexById: Map<string, number>;
  /** Ids of the records that ended up valid. */
  validIds: Set<string>;
  /** Ids refused for holding an identifier: never repeated in a reason. */
  identifierIds: Set<string>;
}

function isValid<C extends CollectionName>(
  entry: Entry<C>,
): entry is Entry<C> & { parsed: NonNullable<Entry<C>['parsed']> } {
  return entry.parsed !== null && entry.problems.length === 0;
}

function checkReferences<C extends CollectionName>(
  collection: C,
  entries: Entry<C>[],
  indexes: Partial<Record<CollectionName, CollectionIndex>>,
  known: KnownRecords,
): void {
  const rules = COLLECTIONS[collection] as CollectionRules<C>;
  for (const entry of entries) {
    if (!isValid(entry)) continue;
    const record = entry.parsed.record as unknown as Record<string, unknown>;
    for (const { field, to } of rules.references) {
      const id = record[field];
      if (typeof id !== 'string') continue;
      const target = indexes[to];
      if (target?.validIds.has(id) || known[to]?.has(id)) continue;
      const noun = COLLECTIONS[to].noun;
      const firstIndex = target?.firstIndexById.get(id);
      if (firstIndex !== undefined) {
        const other = position(to, firstIndex);
        const named = target?.identifierIds.has(id) ? `the ${noun}` : `${noun} "${id}"`;
        entry.problems.push({
          field,
          code: 'invalid-reference',
          message: `refers to ${named}, whose record in this file (${other}) is invalid`,
          otherPosition: other,
        });
      } else {
        entry.problems.push({
          field,
          code: 'unknown-reference',
          message: `refers to ${noun} "${id}", who is neither in this file nor already in the app`,
        });
      }
    }
  }
}

/**
 * Rule 5 for sessions: with `nowMs`, a session cannot be completed or missed before it starts, nor
 * cancelled after now. A scheduled session may lie in the future; booking rules (quota, cutoffs)
 * are not checked: imported sessions are history.
 */
function checkSessions(entries: Entry<'sessions'>[], nowMs: number | undefined): void {
  if (nowMs === undefined) return;
  for (const entry of entries) {
    if (!isValid(entry)) continue;
    const { record, facts } = entry.parsed;
    if ((record.outcome === 'completed' || record.outcome === 'no-show') && facts.startMs > nowMs) {
      entry.problems.push({
        field: 'start',
        code: 'in-the-future',
        message: `is in the future, so the session cannot be "${record.outcome}" yet (is the date, or the computer clock, wrong?)`,
      });
    }
    if (facts.cancelledAtMs !== null && facts.cancelledAtMs > nowMs) {
      entry.problems.push({
        field: 'cancelledAt',
        code: 'in-the-future',
        message: 'is in the future (is the date, or the computer clock, wrong?)',
      });
    }
  }
}

/** Rules 4 and 5 for messages: threads and the future. */
function checkMessages(
  entries: Entry<'messages'>[],
  known: KnownRecords,
  nowMs: number | undefined,
): void {
  if (nowMs !== undefined) {
    for (const entry of entries) {
      if (!isValid(entry) || entry.parsed.facts.atMs <= nowMs) continue;
      entry.problems.push({
        field: entry.parsed.facts.kind === 'reply' ? 'sentAt' : 'receivedAt',
        code: 'in-the-future',
        message: 'is in the future (is the date, or the computer clock, wrong?)',
      });
    }
  }
  const owners = new Map<string, { participantId: string; index: number }>();
  const ownerOf = (threadId: string) => {
    const stored = known.threads?.get(threadId);
    return stored === undefined ? owners.get(threadId) : { participantId: stored, index: -1 };
  };
  const where = (index: number) =>
    index === -1 ? 'as already in the app' : `see ${position('messages', index)}`;
  for (const entry of entries) {
    if (!isValid(entry) || entry.parsed.facts.kind !== 'participant-message') continue;
    const { threadId, participantId } = entry.parsed.record;
    const owner = ownerOf(threadId);
    if (owner === undefined) {
      owners.set(threadId, { participantId, index: entry.index });
    } else if (owner.participantId !== participantId) {
      entry.problems.push({
        field: 'participantId',
        code: 'thread-participant-mismatch',
        message: `is participant "${participantId}", but thread "${threadId}" is participant "${owner.participantId}"'s (${where(owner.index)}); a thread belongs to one participant`,
        ...(owner.index === -1 ? {} : { otherPosition: position('messages', owner.index) }),
      });
    }
  }
  for (const entry of entries) {
    if (!isValid(entry) || entry.parsed.facts.kind !== 'reply') continue;
    const { threadId, participantId } = entry.parsed.record;
    const owner = ownerOf(threadId);
    if (owner === undefined) {
      entry.problems.push({
        field: 'threadId',
        code: 'reply-without-message',
        message: `is thread "${threadId}", which has no participant's message in this file or in the app; a reply must answer one`,
      });
    } else if (owner.participantId !== participantId) {
      entry.problems.push({
        field: 'participantId',
        code: 'thread-participant-mismatch',
        message: `is participant "${participantId}", but the reply's thread "${threadId}" is participant "${owner.participantId}"'s (${where(owner.index)})`,
        ...(owner.index === -1 ? {} : { otherPosition: position('messages', owner.index) }),
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Entry points

/**
 * Checks the text of a dataset file (see the top of this file). A leading byte order mark is
 * ignored.
 */
export function validateDataset(
  text: string,
  options: ValidateDatasetOptions = {},
): DatasetValidation {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (source.trim() === '') {
    return {
      ok: false,
      problems: [{ kind: 'empty', message: 'The file is empty: there is nothing to import.' }],
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(source) as unknown;
  } catch (error) {
    return { ok: false, problems: [notJson(source, error)] };
  }
  return check(value, options, source);
}

/** Like validateDataset, for a document already parsed from JSON (no line numbers then). */
export function validateDatasetValue(
  value: unknown,
  options: ValidateDatasetOptions = {},
): DatasetValidation {
  return check(value, options, null);
}

type Readers = { [C in CollectionName]: CollectionReader<C> };

function newReaders(progress: Progress): Readers {
  return Object.fromEntries(
    COLLECTION_NAMES.map((name) => [name, new CollectionReader(name, progress)]),
  ) as unknown as Readers;
}

function check(
  value: unknown,
  options: ValidateDatasetOptions,
  source: string | null,
): DatasetValidation {
  const documentCheck = checkDocument(value);
  if (!documentCheck.ok) return { ok: false, problems: documentCheck.problems };
  const { document } = documentCheck;
  const lists = Object.fromEntries(
    COLLECTION_NAMES.map((name) => [name, (document[name] ?? []) as unknown[]]),
  ) as Record<CollectionName, unknown[]>;
  const total = COLLECTION_NAMES.reduce((sum, name) => sum + lists[name].length, 0);
  const progress = new Progress(total, options.onProgress);
  const readers = newReaders(progress);
  for (const name of COLLECTION_NAMES) {
    const reader = readers[name] as CollectionReader<CollectionName>;
    for (const raw of lists[name]) reader.add(raw);
  }
  return finish(readers, options, progress, source);
}

/** The checks across records and collections, once every record is read; the result. */
function finish(
  readers: Readers,
  options: ValidateDatasetOptions,
  progress: Progress,
  source: string | null,
): DatasetValidation {
  const known = options.known ?? {};
  const indexes: Partial<Record<CollectionName, CollectionIndex>> = {};
  const entries = {} as Entries;
  const run = <C extends CollectionName>(collection: C): Entry<C>[] => {
    const reader = readers[collection] as unknown as CollectionReader<C>;
    checkReferences(collection, reader.entries, indexes, known);
    (COLLECTIONS[collection] as CollectionRules<C>).check?.(reader.entries, {
      known,
      nowMs: options.nowMs,
    });
    const validIds = new Set<string>();
    const identifierIds = new Set<string>();
    for (const entry of reader.entries) {
      if (isValid(entry) && entry.id !== null) validIds.add(entry.id);
      if (entry.identifierId !== null) identifierIds.add(entry.identifierId);
    }
    indexes[collection] = { firstIndexById: reader.firstIndexById, validIds, identifierIds };
    return reader.entries;
  };
  // In dependency order: the collections a collection refers to are checked before it.
  for (const name of COLLECTION_NAMES) {
    (entries as Record<CollectionName, Entry<CollectionName>[]>)[name] = run(name);
  }

  checkNamesInIds(entries);

  const invalid: InvalidRecord[] = [];
  const collections = {} as { [C in CollectionName]: CollectionCheck<C> };
  let total = 0;
  for (const name of COLLECTION_NAMES) total += readers[name].count;
  const counts: DatasetCheckCounts = { records: total, valid: 0, invalid: 0, overLimit: 0 };
  const collect = <C extends CollectionName>(collection: C): CollectionCheck<C> => {
    const result: CollectionCheck<C> = { valid: [], invalid: [] };
    for (const entry of entries[collection] as Entry<C>[]) {
      if (isValid(entry)) {
        result.valid.push({
          collection,
          index: entry.index,
          position: position(collection, entry.index),
          id: entry.id!,
          record: entry.parsed.record,
          ...entry.parsed.facts,
        } as ValidRecord<C>);
      } else if (invalid.length + result.invalid.length < MAX_INVALID_KEPT) {
        result.invalid.push({
          collection,
          index: entry.index,
          position: position(collection, entry.index),
          // An id refused for holding an identifier is not repeated.
          id: entry.problems.some((p) => p.code === 'identifier-in-id') ? null : entry.id,
          line: entry.at?.line ?? null,
          column: entry.at?.column ?? null,
          problems: entry.problems,
        });
      }
    }
    counts.valid += result.valid.length;
    counts.invalid += readers[collection].count - result.valid.length;
    for (const record of result.invalid) invalid.push(record);
    return result;
  };
  for (const name of COLLECTION_NAMES) {
    (collections as Record<CollectionName, CollectionCheck<CollectionName>>)[name] = collect(name);
  }
  counts.overLimit = collections.messages.valid.filter((m) => m.overLimit).length;

  if (source !== null && invalid.length > 0) addPositions(source, invalid);
  progress.finish();
  return { ok: true, version: DATASET_VERSION, collections, invalid, counts };
}

/**
 * Ids of messages (and their threads) and sessions that hold the name of their participant in
 * this file are refused, as a participant's own id is (./identifiers).
 */
function checkNamesInIds(entries: Entries): void {
  const matchers = new Map<string, (id: string) => boolean>();
  for (const entry of entries.participants) {
    if (!isValid(entry)) continue;
    const { id, name, email } = entry.parsed.record;
    matchers.set(id, nameInIdMatcher([name, email.split('@')[0] ?? '']));
  }
  const refuse = (entry: Entry<'messages'> | Entry<'sessions'>, field: string) =>
    entry.problems.push({
      field,
      code: 'identifier-in-id',
      message: identifierInIdReason('name'),
    });
  const holds = (value: string, participantId: string) =>
    matchers.get(participantId)?.(value) ?? false;
  for (const entry of entries.messages) {
    if (!isValid(entry)) continue;
    const { id, threadId, participantId } = entry.parsed.record;
    if (holds(id, participantId)) refuse(entry, 'id');
    if (holds(threadId, participantId)) refuse(entry, 'threadId');
  }
  for (const entry of entries.sessions) {
    if (!isValid(entry)) continue;
    const { id, participantId } = entry.parsed.record;
    if (holds(id, participantId)) refuse(entry, 'id');
  }
}

function addPositions(source: string, invalid: InvalidRecord[]): void {
  const wanted = new Map<string, Set<number>>();
  for (const record of invalid) {
    let indexes = wanted.get(record.collection);
    if (indexes === undefined) wanted.set(record.collection, (indexes = new Set()));
    indexes.add(record.index);
  }
  const found = locateArrayElements(source, wanted);
  for (const record of invalid) {
    const at: TextPosition | undefined = found.get(record.collection)?.get(record.index);
    if (at !== undefined) {
      record.line = at.line;
      record.column = at.column;
    }
  }
}

/**
 * One line about an invalid record, for a list shown to a person:
 * `messages[12] (id "m-13", line 40): receivedAt is missing; body holds only spaces`.
 */
export function describeInvalidRecord(record: InvalidRecord): string {
  const about = [
    record.id === null ? null : `id "${record.id}"`,
    record.line === null ? null : `line ${record.line}`,
  ].filter((part) => part !== null);
  const head = about.length > 0 ? `${record.position} (${about.join(', ')})` : record.position;
  const reasons = record.problems.map((p) =>
    p.field === '' ? p.message : `${p.field} ${p.message}`,
  );
  return `${head}: ${reasons.join('; ')}`;
}

// ---------------------------------------------------------------------------------------------
// The streaming check (issue 12.5): records checked as the text is read

export interface DatasetStreamCheck {
  /** The next piece of the file's text. */
  write(text: string): void;
  /**
   * The result, as validateDataset would give it; or null when the text is no dataset to stream
   * (not JSON, not an object at the top, a top-level field given twice): then the caller checks
   * the whole text with validateDataset, which says what and where.
   */
  end(): DatasetValidation | null;
}

export interface DatasetStreamOptions extends ValidateDatasetOptions {
  /** The file's size (bytes or characters): progress totals are estimated from it. */
  sizeHint?: number;
}

const enum Top {
  Start,
  KeyOrEnd,
  Key,
  InKey,
  Colon,
  Value,
  /** A top-level value that is not a collection's list, captured whole. */
  Captured,
  /** In a collection's list, between elements. */
  ElementOrEnd,
  Element,
  InElement,
  AfterValue,
  End,
  /** Not streamable (see end()). */
  Fallback,
}

/**
 * Checks a dataset fed in pieces: a small scanner walks the top-level object; each element of a
 * collection's list is cut out of the text, parsed on its own (JSON.parse) and checked at once
 * (shape, unique ids), then dropped; only what the checks across records need is kept (see
 * CollectionReader). Memory grows with the valid records, not with the invalid ones or the text.
 */
export function createDatasetStreamCheck(options: DatasetStreamOptions = {}): DatasetStreamCheck {
  const progress = new Progress(0, options.onProgress);
  const readers = newReaders(progress);
  /** The top-level fields other than the collections' lists, parsed. */
  const document: Record<string, unknown> = {};
  const seenKeys = new Set<string>();
  let state = Top.Start;
  let key = '';
  let keyEscape = false;
  let reader: CollectionReader<CollectionName> | null = null;
  // The text of the value being captured (an element, or a top-level value), in pieces.
  let pieces: string[] = [];
  let depth = 0;
  let inString = false;
  let escape = false;
  let elementAt: TextPosition = { line: 1, column: 1 };
  let commaPending = false;
  let line = 1;
  let lineStart = 0;
  let offset = 0;
  let first = true;

  const fallback = () => {
    state = Top.Fallback;
    pieces = [];
  };
  const parsed = (text: string): { ok: true; value: unknown } | { ok: false } => {
    try {
      return { ok: true, value: JSON.parse(text) as unknown };
    } catch {
      return { ok: false };
    }
  };
  /** The value captured in `pieces` ends (its text up to, not including, `end`). */
  const endValue = (chunk: string, from: number, end: number): boolean => {
    pieces.push(chunk.slice(from, end));
    const text = pieces.join('');
    pieces = [];
    const value = parsed(text);
    if (!value.ok) return false;
    if (state === Top.InElement) reader!.add(value.value, elementAt);
    else document[key] = value.value;
    return true;
  };
  let records = 0;
  /** Records in all, estimated from the share of the file read so far. */
  const estimate = () => {
    if (options.sizeHint !== undefined && offset > 0)
      progress.total = Math.round((records * options.sizeHint) / offset);
  };

  const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

  function scan(chunk: string): void {
    const n = chunk.length;
    // Where the value being captured starts in this chunk (-1: not capturing here).
    let from = state === Top.InElement || state === Top.Captured ? 0 : -1;
    for (let i = 0; i < n; i += 1) {
      const c = chunk.charCodeAt(i);
      if (c === 0x0a) {
        line += 1;
        lineStart = offset + i + 1;
      }
      if (state === Top.InElement || state === Top.Captured) {
        if (inString) {
          if (escape) escape = false;
          else if (c === 0x5c) escape = true;
          else if (c === 0x22) inString = false;
          continue;
        }
        if (c === 0x22) inString = true;
        else if (c === 0x7b || c === 0x5b) depth += 1;
        else if (c === 0x7d || c === 0x5d) {
          if (depth > 0) depth -= 1;
          else {
            // The list (an element's end) or the object (a top-level value's end) closes.
            const wasElement = state === Top.InElement;
            if (!endValue(chunk, from, i)) return fallback();
            from = -1;
            if (wasElement) {
              records += 1;
              if (c !== 0x5d) return fallback();
              state = Top.AfterValue;
            } else {
              if (c !== 0x7d) return fallback();
              state = Top.End;
            }
          }
        } else if (c === 0x2c && depth === 0) {
          const wasElement = state === Top.InElement;
          if (!endValue(chunk, from, i)) return fallback();
          from = -1;
          if (wasElement) {
            records += 1;
            state = Top.ElementOrEnd;
            commaPending = true;
          } else state = Top.Key;
        }
        continue;
      }
      if (state === Top.InKey) {
        if (keyEscape) {
          keyEscape = false;
          key += chunk[i];
        } else if (c === 0x5c) {
          keyEscape = true;
          key += '\\';
        } else if (c === 0x22) {
          const name = parsed(`"${key}"`);
          if (!name.ok || typeof name.value !== 'string' || seenKeys.has(name.value))
            return fallback();
          key = name.value;
          seenKeys.add(key);
          state = Top.Colon;
        } else key += chunk[i];
        continue;
      }
      if (isSpace(c)) continue;
      switch (state) {
        case Top.Start:
          if (c !== 0x7b) return fallback();
          state = Top.KeyOrEnd;
          break;
        case Top.KeyOrEnd:
        case Top.Key:
          if (c === 0x22) {
            key = '';
            state = Top.InKey;
          } else if (state === Top.KeyOrEnd && c === 0x7d) state = Top.End;
          else return fallback();
          break;
        case Top.Colon:
          if (c !== 0x3a) return fallback();
          state = Top.Value;
          break;
        case Top.Value:
          if (c === 0x5b && (COLLECTION_NAMES as readonly string[]).includes(key)) {
            reader = readers[key as CollectionName] as CollectionReader<CollectionName>;
            state = Top.ElementOrEnd;
            commaPending = false;
          } else {
            state = Top.Captured;
            depth = 0;
            inString = false;
            escape = false;
            from = i;
            // This character is part of the value: read it as such.
            i -= 1;
          }
          break;
        case Top.ElementOrEnd:
          if (c === 0x5d) {
            if (commaPending) return fallback();
            state = Top.AfterValue;
            break;
          }
          state = Top.InElement;
          depth = 0;
          inString = false;
          escape = false;
          elementAt = { line, column: offset + i - lineStart + 1 };
          from = i;
          i -= 1;
          break;
        case Top.AfterValue:
          if (c === 0x2c) state = Top.Key;
          else if (c === 0x7d) state = Top.End;
          else return fallback();
          break;
        default:
          // After the end, or already given up.
          return fallback();
      }
    }
    if (from >= 0 && (state === Top.InElement || state === Top.Captured))
      pieces.push(chunk.slice(from));
  }

  return {
    write(piece) {
      // A leading byte order mark is no part of the text (as for validateDataset).
      const text = first && piece.charCodeAt(0) === 0xfeff ? piece.slice(1) : piece;
      if (state === Top.Fallback || text.length === 0) return;
      first = false;
      scan(text);
      offset += text.length;
      estimate();
    },
    end() {
      if (state !== Top.End) return null;
      // The document's own fields as validateDataset sees them: the lists are in the readers.
      for (const name of COLLECTION_NAMES)
        if (seenKeys.has(name) && !(name in document)) document[name] = [];
      const documentCheck = checkDocument(document);
      if (!documentCheck.ok) return { ok: false, problems: documentCheck.problems };
      return finish(readers, options, progress, null);
    },
  };
}
