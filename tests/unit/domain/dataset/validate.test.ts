import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  MESSAGE_BODY_LIMIT,
  PROGRESS_EVERY,
  describeInvalidRecord,
  validateDataset,
  validateDatasetValue,
  type DatasetProgress,
  type DocumentProblem,
} from '../../../../src/domain/dataset';
import {
  check,
  counsellor,
  dataset,
  message,
  participant,
  problemCodes,
  reply,
  type Json,
} from './builders';

function refused(text: string): DocumentProblem[] {
  const result = validateDataset(text);
  if (result.ok) throw new Error('the file was accepted');
  return result.problems;
}

const fixture = (name: string) =>
  readFileSync(new URL(`../../../fixtures/datasets/${name}`, import.meta.url), 'utf8');

describe('validateDataset: the whole file', () => {
  it('refuses text that is not JSON, with the line and column of the error', () => {
    const text = [
      '{',
      '  "format": "counsellor-workstation.dataset",',
      '  "version": 1',
      '  "messages": []',
      '}',
    ].join('\n');
    const [problem] = refused(text);
    expect(problem).toMatchObject({ kind: 'not-json', line: 4, column: 3 });
    expect(problem?.message).toBe(
      'The file is not valid JSON: line 4, column 3: expected "," or "}" here, found """ (is a comma missing?).',
    );
  });

  it('refuses an empty file, and ignores a byte order mark', () => {
    expect(refused('  \n')).toMatchObject([{ kind: 'empty' }]);
    expect(validateDataset(`\ufeff${JSON.stringify(dataset())}`).ok).toBe(true);
    expect(refused('\ufeff{"format": ')[0]).toMatchObject({
      kind: 'not-json',
      line: 1,
      column: 12,
    });
  });

  it.each([['[]'], ['"a dataset"'], ['null'], ['42']])('refuses %s: not an object', (text) => {
    expect(refused(text)).toMatchObject([{ kind: 'not-an-object' }]);
  });

  it('refuses another format, or none', () => {
    expect(refused('{"version": 1}')[0]?.message).toBe(
      'This is not a Counsellor Workstation dataset: it has no "format", where a dataset has "format": "counsellor-workstation.dataset".',
    );
    expect(refused('{"format": "counsellor-workstation.settings", "version": 1}')).toMatchObject([
      { kind: 'wrong-format' },
    ]);
  });

  it('refuses a version it does not read, saying when the app needs an update', () => {
    const withVersion = (version: unknown) => refused(JSON.stringify({ ...dataset(), version }))[0];
    expect(withVersion(2)).toEqual({
      kind: 'unsupported-version',
      message:
        'The dataset is version 2, written by a newer app; this app reads version 1. Update the app to import it.',
    });
    expect(withVersion('1')?.message).toBe(
      'The dataset\'s "version" is "1"; this app reads version 1.',
    );
    expect(withVersion(0.5)?.kind).toBe('unsupported-version');
    const { version: _, ...noVersion } = dataset();
    expect(refused(JSON.stringify(noVersion))[0]?.message).toContain('has no "version"');
  });

  it('refuses unknown top-level fields, suggesting the collection meant', () => {
    const problems = refused(JSON.stringify({ ...dataset(), mesages: [], appointments: [] }));
    expect(problems).toMatchObject([
      { kind: 'unknown-field', field: 'mesages' },
      { kind: 'unknown-field', field: 'appointments' },
    ]);
    expect(problems[0]?.message).toContain('(did you mean "messages"?)');
    expect(problems[1]?.message).toBe(
      'The dataset has a field "appointments" that version 1 does not have; it has "format", "version", "participants", "counsellors", "messages", "availability", "availabilityExceptions" and "sessions".',
    );
    expect(refused(JSON.stringify({ ...dataset(), session: [] }))[0]?.message).toContain(
      '(did you mean "sessions"?)',
    );
  });

  it('refuses a collection that is not a list', () => {
    expect(refused(JSON.stringify(dataset({ messages: {}, counsellors: null })))).toMatchObject([
      { kind: 'not-a-list', collection: 'counsellors' },
      { kind: 'not-a-list', collection: 'messages' },
    ]);
  });

  it('accepts a document with no collections at all', () => {
    const result = check({ format: 'counsellor-workstation.dataset', version: 1 });
    expect(result.counts).toEqual({ records: 0, valid: 0, invalid: 0, overLimit: 0 });
  });
});

describe('validateDataset: records', () => {
  it('returns every record of a good file as valid, with what it learnt', () => {
    const result = check(
      dataset({
        messages: [
          message({ requestedCounsellorId: 'c-1' }),
          reply(),
          message({ id: 'm-2', receivedAt: '2026-11-26T01:00:00Z' }),
        ],
      }),
    );
    expect(result.invalid).toEqual([]);
    expect(result.counts).toEqual({ records: 5, valid: 5, invalid: 0, overLimit: 0 });
    expect(result.collections.participants.valid[0]).toEqual({
      collection: 'participants',
      index: 0,
      position: 'participants[0]',
      id: 'p-1',
      record: participant(),
    });
    expect(result.collections.messages.valid.map((m) => [m.id, m.kind, m.atMs])).toEqual([
      ['m-1', 'participant-message', Date.parse('2026-11-23T01:00:00Z')],
      ['r-1', 'reply', Date.parse('2026-11-24T06:00:00Z')],
      ['m-2', 'participant-message', Date.parse('2026-11-26T01:00:00Z')],
    ]);
  });

  it('lists missing and ill-typed fields, all or nothing per record', () => {
    const { email: _, ...noEmail } = participant({ id: 'p-2' });
    const result = check(
      dataset({
        participants: [participant(), noEmail, participant({ id: 'p-3', name: 5, language: 'EN' })],
        messages: [message({ body: undefined, subject: ['x'] }), 'a message'],
      }),
    );
    expect(problemCodes(result)).toEqual({
      'participants[1]': ['email:missing'],
      'participants[2]': ['name:wrong-type', 'language:invalid-value'],
      'messages[0]': ['subject:wrong-type', 'body:missing'],
      'messages[1]': [':not-an-object'],
    });
    expect(result.invalid[1]?.problems.map((p) => p.message)).toEqual([
      'must be text, not a number',
      'must be "en" (English) or "ja" (Japanese)',
    ]);
    expect(result.collections.participants.valid.map((p) => p.id)).toEqual(['p-1']);
  });

  it('refuses fields that version 1 does not have', () => {
    const result = check(dataset({ participants: [participant({ nickname: 'Em' })] }));
    expect(problemCodes(result)).toEqual({ 'participants[0]': ['nickname:unknown-field'] });
  });

  it('accepts a JET number of 11 digits beginning with 20, or none', () => {
    const { jetNumber: _, ...withoutJet } = participant({ id: 'p-absent' });
    const result = check(
      dataset({
        participants: [
          participant(),
          participant({ id: 'p-null', jetNumber: null }),
          withoutJet,
          participant({ id: 'p-10', jetNumber: '2055555555' }),
          participant({ id: 'p-12', jetNumber: '205555555555' }),
          participant({ id: 'p-30', jetNumber: '30555555555' }),
          participant({ id: 'p-wide', jetNumber: '２０５５５５５５５５５' }),
          participant({ id: 'p-dash', jetNumber: '20-555-555-555' }),
          participant({ id: 'p-number', jetNumber: 20555555555 }),
        ],
      }),
    );
    expect(result.collections.participants.valid.map((p) => p.id)).toEqual([
      'p-1',
      'p-null',
      'p-absent',
    ]);
    expect(result.invalid.map((r) => [r.id, r.problems.map((p) => p.code)])).toEqual([
      ['p-10', ['invalid-value']],
      ['p-12', ['invalid-value']],
      ['p-30', ['invalid-value']],
      ['p-wide', ['invalid-value']],
      ['p-dash', ['invalid-value']],
      ['p-number', ['wrong-type']],
    ]);
    // A reason never repeats the number.
    expect(JSON.stringify(result.invalid)).not.toMatch(/5555|５５５/);
  });

  it('checks names, e-mail addresses and languages', () => {
    const result = check(
      dataset({
        participants: [
          participant({ name: '   ' }),
          participant({ id: 'p-2', email: 'emily.example.com' }),
          participant({ id: 'p-3', email: 'emily@localhost' }),
        ],
        counsellors: [
          counsellor({ languages: [] }),
          counsellor({ id: 'c-2', languages: ['en', 'en'] }),
          counsellor({ id: 'c-3', languages: ['ja', 'en'] }),
        ],
      }),
    );
    expect(problemCodes(result)).toEqual({
      'participants[0]': ['name:empty'],
      'participants[1]': ['email:invalid-value'],
      'participants[2]': ['email:invalid-value'],
      'counsellors[0]': ['languages:empty'],
      'counsellors[1]': ['languages:duplicate-value'],
    });
  });

  it('reads instants with an offset only, on real dates in 2000 to 2099', () => {
    const result = check(
      dataset({
        messages: [
          message({ id: 'no-offset', receivedAt: '2026-11-23T10:00:00' }),
          message({ id: 'no-date', receivedAt: 'Monday morning' }),
          message({ id: 'feb-30', receivedAt: '2026-02-30T10:00:00+09:00' }),
          message({ id: '1999', receivedAt: '1999-12-31T23:59:59Z' }),
          message({ id: 'ok-minutes', receivedAt: '2026-11-23T01:00Z' }),
          message({ id: 'ok-millis', receivedAt: '2026-11-23T01:00:00.123-05:00' }),
        ],
      }),
    );
    expect(result.invalid.map((r) => [r.id, r.problems[0]?.message])).toEqual([
      ['no-offset', 'has no UTC offset (add Z or +09:00, e.g. 2026-11-23T10:00:00+09:00)'],
      [
        'no-date',
        'must be a date and time with its offset from UTC, e.g. 2026-11-23T10:00:00+09:00',
      ],
      ['feb-30', 'has day 30, which month 02 of 2026 does not have'],
      ['1999', 'is not in the years 2000 to 2099'],
    ]);
  });

  it('tells a reply from a participant message, and refuses a mix of the two', () => {
    const result = check(
      dataset({
        messages: [
          message(),
          reply({ receivedAt: '2026-11-24T15:00:00+09:00' }),
          reply({ id: 'r-2', requestedCounsellorId: 'c-1' }),
          reply({ id: 'r-3', author: undefined }),
          message({ id: 'm-2', receivedAt: undefined }),
        ],
      }),
    );
    expect(problemCodes(result)).toEqual({
      'messages[1]': ['receivedAt:mixed-message-kind'],
      'messages[2]': ['requestedCounsellorId:mixed-message-kind'],
      'messages[3]': ['author:missing'],
      'messages[4]': ['receivedAt:missing'],
    });
    expect(result.invalid[3]?.problems[0]?.message).toBe(
      "is missing: a participant's message has receivedAt; a counsellor's reply has author and sentAt instead",
    );
  });

  it('refuses text with a damaged character (an unpaired surrogate)', () => {
    const result = check(dataset({ messages: [message({ body: 'I feel \ud83d' })] }));
    expect(problemCodes(result)).toEqual({ 'messages[0]': ['body:damaged-text'] });
  });
});

describe('validateDataset: ids and references', () => {
  it('refuses a later record with an id already used, naming the first', () => {
    const result = check(
      dataset({
        participants: [participant(), participant({ name: 'Someone else' }), participant()],
        counsellors: [counsellor({ id: 'p-1' })],
      }),
    );
    expect(result.collections.participants.valid.map((p) => p.index)).toEqual([0]);
    expect(result.invalid.map((r) => [r.position, r.problems[0]])).toEqual([
      [
        'participants[1]',
        {
          field: 'id',
          code: 'duplicate-id',
          message: 'is already used by participants[0]; ids must be unique among participants',
          otherPosition: 'participants[0]',
        },
      ],
      [
        'participants[2]',
        expect.objectContaining({ code: 'duplicate-id', otherPosition: 'participants[0]' }),
      ],
    ]);
    // Ids are unique per collection: a counsellor may share an id with a participant.
    expect(result.collections.counsellors.valid).toHaveLength(1);
  });

  it('counts an id as used even when its first record is invalid', () => {
    const result = check(
      dataset({ participants: [participant({ email: 'nope' }), participant()] }),
    );
    expect(problemCodes(result)).toEqual({
      'participants[0]': ['email:invalid-value'],
      'participants[1]': ['id:duplicate-id'],
    });
  });

  it('needs every participant and counsellor referred to, in the file or already stored', () => {
    const messages = [
      message({ participantId: 'p-9', threadId: 't-9' }),
      message({ id: 'm-2', requestedCounsellorId: 'c-9' }),
      reply({ author: 'c-9' }),
    ];
    expect(problemCodes(check(dataset({ messages })))).toEqual({
      'messages[0]': ['participantId:unknown-reference'],
      'messages[1]': ['requestedCounsellorId:unknown-reference'],
      'messages[2]': ['author:unknown-reference'],
    });
    const known = { participants: new Set(['p-9']), counsellors: new Set(['c-9']) };
    expect(check(dataset({ messages }), { known }).invalid).toEqual([]);
    const fromStore = check(
      dataset({ participants: [], counsellors: [], messages: [message({ participantId: 'p-9' })] }),
      { known },
    );
    expect(fromStore.counts.invalid).toBe(0);
  });

  it('refuses a record that refers to an invalid record of the file', () => {
    const result = check(
      dataset({
        participants: [participant({ jetNumber: '123' })],
        counsellors: [counsellor({ languages: ['fr'] })],
        messages: [message(), reply()],
      }),
    );
    expect(problemCodes(result)).toEqual({
      'participants[0]': ['jetNumber:invalid-value'],
      'counsellors[0]': ['languages[0]:invalid-value'],
      'messages[0]': ['participantId:invalid-reference'],
      'messages[1]': ['participantId:invalid-reference', 'author:invalid-reference'],
    });
    expect(result.invalid[2]?.problems[0]).toEqual({
      field: 'participantId',
      code: 'invalid-reference',
      message:
        'refers to participant "p-1", whose record in this file (participants[0]) is invalid',
      otherPosition: 'participants[0]',
    });
    // ...unless the app already has it.
    const stored = check(
      dataset({ participants: [participant({ jetNumber: '123' })], messages: [message()] }),
      { known: { participants: new Set(['p-1']) } },
    );
    expect(Object.keys(problemCodes(stored))).toEqual(['participants[0]']);
  });
});

describe('validateDataset: threads', () => {
  it('needs a participant message in the thread of a reply, in the file or stored', () => {
    const orphan = dataset({ messages: [reply({ threadId: 't-9' })] });
    expect(problemCodes(check(orphan))).toEqual({
      'messages[0]': ['threadId:reply-without-message'],
    });
    const known = { threads: new Map([['t-9', 'p-1']]) };
    expect(check(orphan, { known }).invalid).toEqual([]);
    // The order in the file does not matter.
    expect(check(dataset({ messages: [reply(), message()] })).invalid).toEqual([]);
  });

  it('refuses a reply whose thread lost its only participant message', () => {
    const result = check(dataset({ messages: [message({ body: '' }), reply()] }));
    expect(problemCodes(result)).toEqual({
      'messages[0]': ['body:empty'],
      'messages[1]': ['threadId:reply-without-message'],
    });
  });

  it('keeps a thread to one participant', () => {
    const result = check(
      dataset({
        participants: [participant(), participant({ id: 'p-2' })],
        messages: [
          message(),
          message({ id: 'm-2', participantId: 'p-2' }),
          reply({ participantId: 'p-2' }),
        ],
      }),
    );
    expect(problemCodes(result)).toEqual({
      'messages[1]': ['participantId:thread-participant-mismatch'],
      'messages[2]': ['participantId:thread-participant-mismatch'],
    });
    expect(result.invalid[0]?.problems[0]?.message).toBe(
      'is participant "p-2", but thread "t-1" is participant "p-1"\'s (see messages[0]); a thread belongs to one participant',
    );
    const stored = check(dataset({ messages: [message()] }), {
      known: { participants: new Set(['p-2']), threads: new Map([['t-1', 'p-2']]) },
    });
    expect(problemCodes(stored)).toEqual({
      'messages[0]': ['participantId:thread-participant-mismatch'],
    });
  });

  it('with `nowMs`, refuses messages dated after it', () => {
    const nowMs = Date.parse('2026-11-24T06:00:00Z');
    const result = check(
      dataset({
        messages: [message(), reply(), reply({ id: 'r-2', sentAt: '2026-11-24T15:00:01+09:00' })],
      }),
      { nowMs },
    );
    expect(problemCodes(result)).toEqual({ 'messages[2]': ['sentAt:in-the-future'] });
  });
});

describe('validateDataset: length of a message', () => {
  const body = (text: string) => check(dataset({ messages: [message({ body: text })] }));

  it.each([
    ['Latin letters', 'a'],
    ['Japanese', 'あ'],
    ['emoji (two UTF-16 units each)', '😔'],
  ])('flags over 1,200 code points, not at 1,200: %s', (_, unit) => {
    const atLimit = body(unit.repeat(MESSAGE_BODY_LIMIT)).collections.messages.valid[0];
    expect(atLimit).toMatchObject({ overLimit: false, bodyCodePoints: 1_200 });
    const over = unit.repeat(MESSAGE_BODY_LIMIT + 1);
    const result = body(over);
    expect(result.counts).toMatchObject({ invalid: 0, overLimit: 1 });
    const flagged = result.collections.messages.valid[0]!;
    expect(flagged).toMatchObject({ overLimit: true, bodyCodePoints: 1_201 });
    // Kept whole: never cut.
    expect(flagged.record.body).toBe(over);
  });

  it('counts a mix of Japanese and emoji by code points', () => {
    const mixed = 'あ'.repeat(1_199) + '😔';
    expect(mixed.length).toBe(1_201);
    expect(body(mixed).collections.messages.valid[0]?.overLimit).toBe(false);
    expect(body(`${mixed}👩‍👩‍👧`).collections.messages.valid[0]).toMatchObject({
      overLimit: true,
      bodyCodePoints: 1_205,
    });
  });

  it('never flags a reply, whatever its length', () => {
    const result = check(dataset({ messages: [message(), reply({ body: 'a'.repeat(5_000) })] }));
    expect(result.collections.messages.valid[1]).toMatchObject({
      overLimit: false,
      bodyCodePoints: 5_000,
    });
  });

  it('refuses text too long to be plausible, counting code points', () => {
    const result = check(
      dataset({
        messages: [
          message({ body: 'a'.repeat(100_000) }),
          message({ id: 'm-2', threadId: 't-2', body: '😔'.repeat(60_000) }),
          message({ id: 'm-3', threadId: 't-3', body: 'a'.repeat(100_001) }),
          message({ id: 'm-4', threadId: 't-4', subject: 's'.repeat(1_001) }),
          message({ id: 'x'.repeat(201), threadId: 't-5' }),
        ],
      }),
    );
    expect(result.collections.messages.valid.map((m) => m.id)).toEqual(['m-1', 'm-2']);
    expect(problemCodes(result)).toEqual({
      'messages[2]': ['body:too-long'],
      'messages[3]': ['subject:too-long'],
      'messages[4]': ['id:too-long'],
    });
    expect(result.invalid[0]?.problems[0]?.message).toBe(
      'is 100,001 characters long; more than 100,000 cannot be right (is the file damaged?)',
    );
  });
});

describe('validateDataset: positions, progress, and values', () => {
  it('gives the line and column where each invalid record starts', () => {
    const document = dataset({ messages: [message(), message({ id: 'm-2', body: '' })] });
    const text = JSON.stringify(document, null, 2);
    const result = validateDataset(text);
    if (!result.ok) throw new Error('refused');
    const line = text.split('\n').findIndex((l) => l.includes('"id": "m-2"'));
    expect(result.invalid[0]).toMatchObject({ id: 'm-2', line, column: 5 });
    expect(describeInvalidRecord(result.invalid[0]!)).toBe(
      `messages[1] (id "m-2", line ${line}): body is empty`,
    );
  });

  it('checks a parsed value the same way, without lines', () => {
    const document = dataset({ messages: [message({ body: '' })] });
    const result = validateDatasetValue(document);
    if (!result.ok) throw new Error('refused');
    expect(result.invalid).toMatchObject([{ position: 'messages[0]', line: null, column: null }]);
    expect(describeInvalidRecord(result.invalid[0]!)).toBe('messages[0] (id "m-1"): body is empty');
    expect(validateDatasetValue([])).toMatchObject({ ok: false });
  });

  it('reports progress every few thousand records, and at the end', () => {
    const messages: Json[] = [];
    for (let i = 0; i < 5_000; i += 1) {
      messages.push(message({ id: `m-${i}`, threadId: `t-${i}` }));
    }
    const seen: DatasetProgress[] = [];
    check(dataset({ messages }), { onProgress: (p) => seen.push(p) });
    expect(seen).toEqual([
      { done: PROGRESS_EVERY, total: 5_002 },
      { done: 2 * PROGRESS_EVERY, total: 5_002 },
      { done: 5_002, total: 5_002 },
    ]);
  });
});

describe('the fixtures for end-to-end import tests', () => {
  it('good.json: every record valid, one message over the limit', () => {
    const result = validateDataset(fixture('good.json'));
    expect(result).toMatchObject({
      ok: true,
      invalid: [],
      counts: { records: 11, valid: 11, invalid: 0, overLimit: 1 },
    });
  });

  it('mixed.json: the good records, and the bad ones with their reasons', () => {
    const result = validateDataset(fixture('mixed.json'));
    if (!result.ok) throw new Error('refused');
    expect(result.counts).toEqual({ records: 20, valid: 7, invalid: 13, overLimit: 1 });
    expect(result.collections.participants.valid.map((r) => r.id)).toEqual(['p-1', 'p-4']);
    expect(result.collections.counsellors.valid.map((r) => r.id)).toEqual(['c-1']);
    expect(result.collections.messages.valid.map((r) => r.id)).toEqual([
      'm-1',
      'm-2',
      'm-7',
      'm-10',
    ]);
    expect(problemCodes(result)).toEqual({
      'participants[1]': ['jetNumber:invalid-value'],
      'participants[2]': ['email:missing'],
      'participants[3]': ['id:duplicate-id'],
      'counsellors[1]': ['languages[0]:invalid-value'],
      'messages[2]': ['participantId:invalid-reference'],
      'messages[3]': ['participantId:unknown-reference'],
      'messages[4]': ['threadId:reply-without-message'],
      'messages[5]': ['id:duplicate-id'],
      'messages[6]': ['receivedAt:invalid-value'],
      'messages[8]': ['author:invalid-reference'],
      'messages[9]': ['body:missing'],
      'messages[10]': [':not-an-object'],
      'messages[12]': ['receivedAt:mixed-message-kind'],
    });
    expect(result.invalid.every((r) => r.line !== null)).toBe(true);
  });
});
