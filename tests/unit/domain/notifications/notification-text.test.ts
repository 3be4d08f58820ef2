import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isFixedNotificationText,
  notificationFor,
  type DeadlineNotificationCounts,
} from '../../../../src/domain/notifications';

/** Every character the fixed wording of either language uses, plus the digits. */
const ALLOWED = new Set(
  [
    'Answer deadlines',
    'thread became overdue.',
    'threads became overdue,',
    'thread is due soon.',
    'threads are due soon.',
    'is due soon.',
    '回答期限のお知らせ',
    '件が期限超過になりました。',
    '件が期限超過になり、件が期限間近です。',
    '0123456789 ',
  ].join(''),
);

describe('notificationFor', () => {
  it.each<[number, number, string, string]>([
    [1, 0, '1 thread became overdue.', '1件が期限超過になりました。'],
    [2, 0, '2 threads became overdue.', '2件が期限超過になりました。'],
    [0, 1, '1 thread is due soon.', '1件が期限間近です。'],
    [0, 3, '3 threads are due soon.', '3件が期限間近です。'],
    [2, 3, '2 threads became overdue, 3 are due soon.', '2件が期限超過になり、3件が期限間近です。'],
    [1, 1, '1 thread became overdue, 1 is due soon.', '1件が期限超過になり、1件が期限間近です。'],
    [
      12,
      1,
      '12 threads became overdue, 1 is due soon.',
      '12件が期限超過になり、1件が期限間近です。',
    ],
  ])('%d overdue, %d due soon', (newlyOverdue, newlyDueSoon, en, ja) => {
    expect(notificationFor({ newlyOverdue, newlyDueSoon }, 'en')).toEqual({
      title: 'Answer deadlines',
      body: en,
    });
    expect(notificationFor({ newlyOverdue, newlyDueSoon }, 'ja')).toEqual({
      title: '回答期限のお知らせ',
      body: ja,
    });
  });

  it('is null when nothing new', () => {
    expect(notificationFor({ newlyOverdue: 0, newlyDueSoon: 0 }, 'en')).toBeNull();
    expect(notificationFor({ newlyOverdue: 0, newlyDueSoon: 0 }, 'ja')).toBeNull();
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])(
    'refuses a count of %d',
    (bad) => {
      expect(() => notificationFor({ newlyOverdue: bad, newlyDueSoon: 0 }, 'en')).toThrow(
        RangeError,
      );
      expect(() => notificationFor({ newlyOverdue: 0, newlyDueSoon: bad }, 'ja')).toThrow(
        RangeError,
      );
    },
  );

  it('reads counts only: whatever else the object carries stays out', () => {
    const secret = 'thread-01J9Z Jo Bloggs 20123456789 I want to quit';
    const change = {
      newlyOverdue: 2,
      newlyDueSoon: 1,
      newlyOverdueIds: [secret],
      name: secret,
      toString: () => secret,
    } as DeadlineNotificationCounts;
    for (const language of ['en', 'ja'] as const) {
      const shown = JSON.stringify(notificationFor(change, language));
      expect(shown).not.toMatch(/thread-|Bloggs|2012|quit/);
    }
  });

  it('holds only its fixed wording and digits, for any counts (property)', () => {
    const count = fc.oneof(fc.nat(20), fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER));
    fc.assert(
      fc.property(
        count,
        count,
        fc.constantFrom('en', 'ja') as fc.Arbitrary<'en' | 'ja'>,
        (o, d, language) => {
          const notification = notificationFor({ newlyOverdue: o, newlyDueSoon: d }, language);
          if (o === 0 && d === 0) {
            expect(notification).toBeNull();
            return;
          }
          for (const text of [notification!.title, notification!.body]) {
            expect(isFixedNotificationText(text)).toBe(true);
            for (const char of text)
              expect(ALLOWED.has(char), `${JSON.stringify(char)} in ${text}`).toBe(true);
            const numbers = (text.match(/[0-9]+/g) ?? []).map(Number);
            expect(numbers.every((n) => n === o || n === d)).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('isFixedNotificationText', () => {
  it('accepts the wording with counts', () => {
    expect(isFixedNotificationText('Answer deadlines')).toBe(true);
    expect(isFixedNotificationText('7 threads became overdue, 2 are due soon.')).toBe(true);
    expect(isFixedNotificationText('3件が期限間近です。')).toBe(true);
  });

  it.each([
    '7 threads became overdue, 2 are due soon. Jo Bloggs',
    'thread-42 became overdue.',
    '# threads are due soon.',
    'threads are due soon.',
    '3 threads are due soon',
    '-3 threads are due soon.',
    '3.5 threads are due soon.',
    '1e21 threads are due soon.',
    '３件が期限間近です。',
    '',
  ])('refuses %j', (text) => {
    expect(isFixedNotificationText(text)).toBe(false);
  });
});
