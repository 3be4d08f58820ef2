import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeInvalidRecord } from '../../../../src/domain/dataset';
import { idHoldsName, identifierInId } from '../../../../src/domain/dataset/identifiers';
import { check, counsellor, dataset, message, participant, problemCodes } from './builders';

/** A JET number: 11 digits beginning with 20. */
const jetNumber = fc
  .array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 })
  .map((digits) => `20${digits.join('')}`);

/** The JET number as people write it: plain, with separators between digits, or full-width. */
const writtenJetNumber = fc
  .tuple(
    jetNumber,
    fc.array(fc.constantFrom('', '', '', '-', ' ', '.', '_', '/'), {
      minLength: 10,
      maxLength: 10,
    }),
    fc.boolean(),
  )
  .map(([number, separators, fullWidth]) => {
    const written = [...number].map((d, i) => (i === 0 ? d : `${separators[i - 1]}${d}`)).join('');
    return fullWidth
      ? written.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))
      : written;
  });

const email = fc.emailAddress();
const around = fc.string({ maxLength: 12 });

describe('identifierInId', () => {
  it('refuses every id that holds a JET number, however it is written and wherever it is', () => {
    fc.assert(
      fc.property(around, writtenJetNumber, around, (before, number, after) => {
        expect(identifierInId(`${before}${number}${after}`)).not.toBeNull();
      }),
    );
  });

  it('refuses every id that holds an e-mail address', () => {
    fc.assert(
      fc.property(around, email, around, (before, address, after) => {
        expect(identifierInId(`${before}${address}${after}`)).not.toBeNull();
      }),
    );
  });

  it('accepts opaque ids', () => {
    const ids = ['p-1', 'p-0001', '01JD4R8Z8Q4G6V2N0X3YH5K7M9', 'm-000123', 't-2026-11', 'c-01'];
    for (const id of ids) expect(identifierInId(id)).toBeNull();
    // A ULID is refused only when it happens to hold a JET number's run of digits (the counter
    // example fast-check found: 00000000120000000000000000); every other one is accepted.
    fc.assert(
      fc.property(fc.ulid(), (id) => {
        expect(identifierInId(id)).toBe(/20\d{9}/.test(id) ? 'jet-number' : null);
      }),
      { examples: [['00000000120000000000000000']] },
    );
  });

  it('names what it found', () => {
    expect(identifierInId('20222222222')).toBe('jet-number');
    expect(identifierInId('p-2022-222-2222')).toBe('jet-number');
    expect(identifierInId('emily.johnson@example.com')).toBe('e-mail');
    expect(identifierInId('emily＠example')).toBe('e-mail');
  });
});

describe('idHoldsName', () => {
  it('finds a part of the name as a word of the id, whatever the case or width', () => {
    expect(idHoldsName('p-emily-3', 'Emily Johnson')).toBe(true);
    expect(idHoldsName('JOHNSON_E', 'Emily Johnson')).toBe(true);
    expect(idHoldsName('emilyjohnson42', 'Emily Johnson')).toBe(true);
    expect(idHoldsName('p-佐藤-1', 'Miho Sato (佐藤 美穂)')).toBe(true);
    expect(idHoldsName('p佐藤1', '佐藤 美穂')).toBe(true);
  });

  it('does not find a name that is not there', () => {
    expect(idHoldsName('p-1', 'Emily Johnson')).toBe(false);
    expect(idHoldsName('p-emilia', 'Emily Johnson')).toBe(false);
    expect(idHoldsName('m-000001', 'Wang Fang')).toBe(false);
    // Digits alone are no part of a name: `p10` does not hold "Participant 10".
    expect(idHoldsName('p10', 'Participant 10')).toBe(false);
    expect(idHoldsName('m-2026-12', 'Ann Lee 2026')).toBe(false);
  });
});

describe('the import refuses ids that hold identifiers (issue 13)', () => {
  it('refuses a participant id that is a JET number, or a name and an e-mail, saying where and why, without repeating it', () => {
    const result = check(
      dataset({
        participants: [
          participant({ id: '20222222222' }),
          participant({ id: 'emily.johnson@example.com', jetNumber: null }),
          participant({ id: 'p-emily-johnson', jetNumber: null }),
          participant({ id: 'p-7', jetNumber: null }),
        ],
      }),
    );
    expect(problemCodes(result)).toEqual({
      'participants[0]': ['id:identifier-in-id'],
      'participants[1]': ['id:identifier-in-id'],
      'participants[2]': ['id:identifier-in-id'],
    });
    for (const record of result.invalid) {
      expect(record.id).toBeNull();
      const line = describeInvalidRecord(record);
      expect(line).not.toMatch(/20222222222|emily|johnson/i);
      expect(line).toMatch(/must not hold identifiers/);
    }
    expect(result.invalid[0]!.problems[0]!.message).toMatch(/JET number/);
    expect(result.invalid[1]!.problems[0]!.message).toMatch(/e-mail/);
    expect(result.invalid[2]!.problems[0]!.message).toMatch(/participant's name/);
  });

  it('does not repeat a refused id in the reasons of the records that refer to it', () => {
    const result = check(
      dataset({
        participants: [participant({ id: 'p-emily' })],
        messages: [message({ participantId: 'p-emily' })],
      }),
    );
    const lines = result.invalid.map(describeInvalidRecord);
    expect(lines).toEqual([
      expect.stringMatching(/^participants\[0\] \(line \d+\): id holds the participant's name/),
      'messages[0] (id "m-1", line 23): participantId refers to the participant, whose record in this file (participants[0]) is invalid',
    ]);
  });

  it('refuses identifiers in the ids of every kind of record', () => {
    const result = check(
      dataset({
        counsellors: [counsellor(), counsellor({ id: 'c-2022 2222 222' })],
        messages: [
          message({ id: 'm-20222222222' }),
          message({ id: 'm-2', threadId: 'emily@example.com' }),
          message({ id: 'm-3', threadId: 't-emily' }),
          message({ id: 'johnson-4', threadId: 't-4' }),
        ],
        sessions: [
          {
            id: 's-johnson',
            participantId: 'p-1',
            counsellorId: 'c-1',
            start: '2026-11-25T10:00:00+09:00',
            outcome: 'completed',
          },
        ],
      }),
    );
    expect(problemCodes(result)).toEqual({
      'counsellors[1]': ['id:identifier-in-id'],
      'messages[0]': ['id:identifier-in-id'],
      'messages[1]': ['threadId:identifier-in-id'],
      'messages[2]': ['threadId:identifier-in-id'],
      'messages[3]': ['id:identifier-in-id'],
      'sessions[0]': ['id:identifier-in-id'],
    });
  });
});

describe('identifierInId and UUIDs', () => {
  it('accepts the UUIDs the app makes, whose hyphens are not separators between digits', () => {
    expect(identifierInId('01932024-5555-7222-8222-222222222222')).toBeNull();
    fc.assert(
      fc.property(fc.uuid({ version: 7 }), (id) => {
        fc.pre(!/20[0-9]{9}/.test(id));
        expect(identifierInId(id)).toBeNull();
      }),
    );
  });

  it('still refuses a JET number written whole inside one of its groups', () => {
    expect(identifierInId('01932024-5555-7222-8222-020222222222')).toBe('jet-number');
  });
});
