/**
 * Refused bookings in the UI's language (issue 14 item 5): "participant p-00070 has used 7 of 7
 * sessions…" named the participant by id, in English, also in the Japanese UI.
 */
import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BookingProblem } from '../../../src/domain/booking';
import { bookingProblemText } from '../../../src/renderer/app/booking-problem-text';
import { en } from '../../../src/renderer/i18n/en';
import { ja } from '../../../src/renderer/i18n/ja';

const i18n = i18next.createInstance();
const t: Record<'en' | 'ja', TFunction> = {} as Record<'en' | 'ja', TFunction>;

beforeAll(async () => {
  await i18n.init({
    resources: { en: { translation: en }, ja: { translation: ja } },
    lng: 'en',
    interpolation: { escapeValue: false },
  });
  t.en = i18n.getFixedT('en');
  t.ja = i18n.getFixedT('ja');
});

const at = Date.parse('2026-12-01T10:00:00+09:00');
const EVERY_PROBLEM: BookingProblem[] = [
  {
    kind: 'not-business-day',
    date: '2026-11-23',
    because: {
      kind: 'holiday',
      name: 'Labor Thanksgiving Day',
      nameJa: '勤労感謝の日',
      provisional: false,
    },
  },
  { kind: 'not-business-day', date: '2026-11-28', because: { kind: 'weekend' } },
  { kind: 'starts-before-service-hours', opensAt: '09:00' },
  { kind: 'ends-after-service-hours', closesAt: '21:30', latestStart: '20:50' },
  { kind: 'booking-cutoff-passed', bookingCutoffMs: at },
  { kind: 'outside-availability', counsellorId: 'c-00003', date: '2026-12-01' },
  {
    kind: 'counsellor-double-booked',
    counsellorId: 'c-00003',
    sessionId: '01JABCDEFGHJKMNPQRSTVWXYZ0',
    sessionStartMs: at,
    bufferMinutes: 20,
  },
  {
    kind: 'participant-double-booked',
    participantId: 'p-00070',
    sessionId: '01JABCDEFGHJKMNPQRSTVWXYZ0',
    sessionStartMs: at,
  },
  {
    kind: 'quota-exhausted',
    participantId: 'p-00070',
    limit: 7,
    used: 7,
    periodStart: '2026-04-01',
    periodEnd: '2027-03-31',
    renewsOn: '2027-04-01',
  },
  { kind: 'change-cutoff-passed', bookingCutoffMs: at },
  { kind: 'not-scheduled', outcome: 'completed' },
  { kind: 'session-started', startMs: at },
  { kind: 'session-not-started', startMs: at },
  { kind: 'session-cancelled', outcome: 'cancelled' },
  { kind: 'session-cancelled', outcome: 'late-cancelled' },
];

describe('a refused booking in words', () => {
  it('the quota reads in each language, with dates, without the participant id', () => {
    const quota = EVERY_PROBLEM.find((p) => p.kind === 'quota-exhausted')!;
    expect(bookingProblemText(quota, t.en, 'en')).toMatch(
      /^The participant has used 7 of 7 sessions in the quota year .*2026 to .*2027; it renews on Thu, 1 Apr 2027\.$/,
    );
    expect(bookingProblemText(quota, t.ja, 'ja')).toContain('2027年4月1日(木)に回数が戻ります');
  });

  it('a holiday is named in the UI language', () => {
    expect(bookingProblemText(EVERY_PROBLEM[0]!, t.ja, 'ja')).toContain('勤労感謝の日');
    expect(bookingProblemText(EVERY_PROBLEM[0]!, t.en, 'en')).toContain('Labor Thanksgiving Day');
  });

  it.each(EVERY_PROBLEM.map((p, i) => [i, p.kind, p] as const))(
    'problem %i (%s): no id or raw date in either language, no English in Japanese',
    (_i, _kind, problem) => {
      for (const language of ['en', 'ja'] as const) {
        const text = bookingProblemText(problem, t[language], language);
        expect(text).not.toMatch(/[cp]-\d+|[0-9A-Z]{26}|\d{4}-\d{2}-\d{2}|bookingProblem\./);
        if (language === 'ja') {
          expect(text.replace(/JST/g, '').replace(/Labor Thanksgiving Day/g, '')).not.toMatch(
            /[A-Za-z]{3,}/,
          );
        }
      }
    },
  );
});
