import { describe, expect, it } from 'vitest';
import {
  hash64,
  importDecision,
  recordContentHash,
  recordFingerprint,
  sameRecord,
  type Counsellor,
  type Message,
  type Participant,
} from '../../../../src/domain/dataset';

const emily: Participant = {
  id: 'p-1',
  jetNumber: '20123456789',
  name: 'Emily Johnson',
  email: 'emily.johnson@example.com',
  language: 'en',
};

const first: Message = {
  id: 'm-1',
  threadId: 't-1',
  participantId: 'p-1',
  subject: '孤独を感じています',
  body: '町に友達がいません。😔',
  receivedAt: '2026-11-30T12:00:00+09:00',
};

describe('record fingerprints and hashes', () => {
  it('is the same for the same record, whatever the order of its fields', () => {
    const reordered = JSON.parse(
      '{"language":"en","email":"emily.johnson@example.com","name":"Emily Johnson","jetNumber":"20123456789","id":"p-1"}',
    ) as Participant;
    expect(recordFingerprint('participants', reordered)).toBe(
      recordFingerprint('participants', emily),
    );
    expect(recordContentHash('participants', reordered)).toBe(
      recordContentHash('participants', emily),
    );
  });

  it('treats an absent optional field as null, and an instant in any zone as the instant', () => {
    const { jetNumber: _, ...withoutJet } = emily;
    expect(sameRecord('participants', withoutJet, { ...emily, jetNumber: null })).toBe(true);
    expect(sameRecord('messages', first, { ...first, receivedAt: '2026-11-30T03:00:00Z' })).toBe(
      true,
    );
    expect(
      sameRecord('messages', first, { ...first, receivedAt: '2026-11-30T03:00:00.000+00:00' }),
    ).toBe(true);
    expect(sameRecord('messages', { ...first, requestedCounsellorId: null }, first)).toBe(true);
    const counsellor: Counsellor = { id: 'c-1', name: 'Miho Sato', languages: ['ja', 'en'] };
    expect(sameRecord('counsellors', counsellor, { ...counsellor, languages: ['en', 'ja'] })).toBe(
      true,
    );
  });

  it('differs when anything that matters differs', () => {
    const changes: Message[] = [
      { ...first, body: `${first.body} ` },
      // The same text in another Unicode normalisation is other text: never normalised.
      { ...first, body: 'ガ'.normalize('NFD') },
      { ...first, body: 'ガ' },
      { ...first, subject: 'Re: 孤独を感じています' },
      { ...first, threadId: 't-2' },
      { ...first, receivedAt: '2026-11-30T12:00:01+09:00' },
      { ...first, requestedCounsellorId: 'c-1' },
      {
        id: 'm-1',
        threadId: 't-1',
        participantId: 'p-1',
        subject: first.subject,
        body: first.body,
        author: 'c-1',
        sentAt: first.receivedAt,
      },
    ];
    const hashes = new Set(changes.map((m) => recordContentHash('messages', m)));
    hashes.add(recordContentHash('messages', first));
    expect(hashes.size).toBe(changes.length + 1);
  });

  it('is stable: a stored hash still matches after an upgrade', () => {
    expect(recordFingerprint('participants', emily)).toBe(
      '["cw1","participants","p-1","20123456789","Emily Johnson","emily.johnson@example.com","en"]',
    );
    expect(recordContentHash('participants', emily)).toBe('70fb7cdd1d058e62');
    expect(hash64('')).toBe('488bdcb81aee8d83');
    expect(hash64('counsellor')).toBe('0c0594168afa1ea8');
    expect(hash64('counsellors')).not.toBe(hash64('counsellor'));
  });
});

describe('importDecision', () => {
  it('says new, unchanged or conflict', () => {
    expect(importDecision('participants', emily, undefined)).toBe('new');
    expect(importDecision('participants', emily, { ...emily })).toBe('unchanged');
    expect(importDecision('participants', emily, { ...emily, email: 'emily@example.org' })).toBe(
      'conflict',
    );
  });
});
