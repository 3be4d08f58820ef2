/**
 * The wording of a deadline notification: counts only, never a name, identifier or text
 * (issue 4, item 9). By construction: the function takes two numbers, and everything else in
 * the title and body is fixed wording below. `isFixedNotificationText` checks a produced text
 * against that wording, and `notificationFor` refuses to return anything that fails it.
 */
import type { DeadlineNotificationCounts } from './deadline-changes';

export type NotificationLanguage = 'en' | 'ja';

export interface DeadlineNotification {
  readonly title: string;
  readonly body: string;
}

/** `#` stands for a count; nothing else varies. */
interface Wording {
  readonly title: string;
  readonly overdue: { readonly one: string; readonly other: string };
  readonly dueSoon: { readonly one: string; readonly other: string };
  readonly both: { readonly one: string; readonly other: string };
}

const WORDING: Readonly<Record<NotificationLanguage, Wording>> = {
  en: {
    title: 'Answer deadlines',
    overdue: { one: '# thread became overdue.', other: '# threads became overdue.' },
    dueSoon: { one: '# thread is due soon.', other: '# threads are due soon.' },
    // Plural by the first count; the second reads "…, 3 are due soon" / "…, 1 is due soon".
    both: { one: '# thread became overdue, # ', other: '# threads became overdue, # ' },
  },
  ja: {
    title: '回答期限のお知らせ',
    overdue: { one: '#件が期限超過になりました。', other: '#件が期限超過になりました。' },
    dueSoon: { one: '#件が期限間近です。', other: '#件が期限間近です。' },
    both: {
      one: '#件が期限超過になり、#件が期限間近です。',
      other: '#件が期限超過になり、#件が期限間近です。',
    },
  },
};

const EN_BOTH_TAIL = { one: 'is due soon.', other: 'are due soon.' } as const;

/**
 * Counts must be non-negative safe integers, which `String` writes as plain digits (no sign,
 * exponent or separator); anything else is a programming error.
 */
function checkCount(count: number, name: string): void {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`${name} must be a non-negative whole number, got ${String(count)}`);
  }
}

const plural = (count: number) => (count === 1 ? 'one' : 'other');

function fill(template: string, ...counts: string[]): string {
  let next = 0;
  return template.replace(/#/g, () => counts[next++] ?? '');
}

function bodyFor(language: NotificationLanguage, overdue: number, dueSoon: number): string {
  const wording = WORDING[language];
  const o = String(overdue);
  const d = String(dueSoon);
  if (overdue > 0 && dueSoon > 0) {
    const head = fill(wording.both[plural(overdue)], o, d);
    return language === 'en' ? head + EN_BOTH_TAIL[plural(dueSoon)] : head;
  }
  if (overdue > 0) return fill(wording.overdue[plural(overdue)], o);
  return fill(wording.dueSoon[plural(dueSoon)], d);
}

/** Every text a notification may hold, with each count replaced by `#`. */
const SKELETONS: ReadonlySet<string> = new Set(
  (Object.keys(WORDING) as NotificationLanguage[]).flatMap((language) => {
    const wording = WORDING[language];
    const bodies = [
      wording.overdue.one,
      wording.overdue.other,
      wording.dueSoon.one,
      wording.dueSoon.other,
      ...(language === 'en'
        ? [wording.both.one, wording.both.other].flatMap((head) =>
            Object.values(EN_BOTH_TAIL).map((tail) => head + tail),
          )
        : [wording.both.one, wording.both.other]),
    ];
    return [wording.title, ...bodies];
  }),
);

/**
 * True when `text` is one of the fixed titles or bodies with only counts (runs of ASCII digits)
 * filled in: nothing else (no id, name or message text) can be in it.
 */
export function isFixedNotificationText(text: string): boolean {
  if (/#/.test(text)) return false;
  return SKELETONS.has(text.replace(/[0-9]+/g, '#'));
}

/**
 * The notification for what became due soon or overdue since the last one, or null when nothing
 * did. Takes counts, not records, so it cannot put an id, a name or a message's text in it.
 */
export function notificationFor(
  counts: DeadlineNotificationCounts,
  language: NotificationLanguage,
): DeadlineNotification | null {
  checkCount(counts.newlyOverdue, 'newlyOverdue');
  checkCount(counts.newlyDueSoon, 'newlyDueSoon');
  if (counts.newlyOverdue === 0 && counts.newlyDueSoon === 0) return null;
  const notification = {
    title: WORDING[language].title,
    body: bodyFor(language, counts.newlyOverdue, counts.newlyDueSoon),
  };
  if (!isFixedNotificationText(notification.title) || !isFixedNotificationText(notification.body)) {
    // Unreachable by construction; kept so that a future change of the wording cannot leak.
    throw new Error('A notification may hold only its fixed wording and counts.');
  }
  return notification;
}
