/**
 * The sync state in the person's words (issue 15): what the header's indicator and Settings → Sync
 * say about the connection, the clock and what waits to send, and the sign-in form's errors.
 * Pure: the status, the pending count and `nowMs` come in, words come out.
 *
 * Choices where DOMAIN.md and the transport leave room:
 * - The status's instants (`lastSyncAt`, `nextAttemptAt`) are the main process's real clock, which
 *   the host's `--now` does not pin; they are measured against the real clock too (the caller
 *   passes it), never against the page's pinned clock, and written relative ("2 minutes ago",
 *   "in 40 seconds") so that a pinned demo clock in the header cannot contradict them.
 * - `offline` and `backing-off` read alike ("Offline"); the next attempt's time says the rest.
 * - The clock warning follows the transport's own flag (`clock.off`, past 2 minutes: DOMAIN.md 8);
 *   the offset is written in whole minutes (hours past 90 minutes), which is all a person needs
 *   to set the computer's clock right.
 * - The sign-in form words the bridge's reasons itself: the general words of `sync-offline` say
 *   "the workstation keeps trying", which is not true of a sign-in that failed.
 */
import type { TFunction } from 'i18next';
import type { BridgeError } from '../../../bridge/errors';
import type { SyncStatus } from '../../../bridge/schemas/sync';
import { loginSchema, organisationSlugSchema } from '../../../sync/protocol';
import { bridgeErrorText } from '../../app/bridge-words';

export type SyncTone = 'ok' | 'busy' | 'warn' | 'off';

export interface SyncSummary {
  /** The state in one or two words ("Online", "Offline", "Not signed in"), for the live region. */
  state: string;
  /** When: "synced 2 minutes ago", "next try in 40 seconds"; null when nothing to add. */
  when: string | null;
  tone: SyncTone;
  /** The computer's clock is more than 2 minutes off the server's. */
  clockOff: boolean;
}

function locale(language: string): string {
  return language === 'ja' ? 'ja-JP' : 'en-GB';
}

/**
 * "2 minutes ago", "in 40 seconds", "just now" (en) or "2 分前", "40 秒後", "たった今" (ja); the
 * short style ("2 min ago") for the header.
 */
export function relativeTime(
  thenMs: number,
  nowMs: number,
  t: TFunction,
  language: string,
  style: 'long' | 'short' = 'long',
): string {
  const format = new Intl.RelativeTimeFormat(locale(language), { numeric: 'auto', style });
  const seconds = Math.round((thenMs - nowMs) / 1000);
  const size = Math.abs(seconds);
  if (size < 10) return t('sync.justNow');
  if (size < 90) return format.format(seconds, 'second');
  const minutes = Math.round(seconds / 60);
  if (Math.abs(minutes) < 90) return format.format(minutes, 'minute');
  const hours = Math.round(seconds / 3600);
  if (Math.abs(hours) < 36) return format.format(hours, 'hour');
  return format.format(Math.round(seconds / 86_400), 'day');
}

/** "3 minutes", "2 hours": the size of the clock's offset. */
export function offsetSize(offsetMs: number, t: TFunction): string {
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  if (minutes < 90) return t('sync.clock.minutes', { count: minutes });
  return t('sync.clock.hours', { count: Math.round(minutes / 60) });
}

/**
 * The sentence on the computer's clock: the offset is the server's clock minus this one's, so a
 * positive offset means this computer is behind.
 */
export function clockSentence(offsetMs: number, t: TFunction): string {
  const size = offsetSize(offsetMs, t);
  return offsetMs > 0 ? t('sync.clock.behind', { size }) : t('sync.clock.ahead', { size });
}

const TONES: Record<SyncStatus['connection'], SyncTone> = {
  locked: 'off',
  'signed-out': 'off',
  connecting: 'busy',
  online: 'ok',
  offline: 'warn',
  'backing-off': 'warn',
};

/**
 * What the indicator says of a status; `nowMs` is the real clock (see the choices above). The
 * short style is the header's: its times abbreviated, and nothing said of a sync not yet made.
 */
export function syncSummary(
  status: SyncStatus,
  nowMs: number,
  t: TFunction,
  language: string,
  style: 'long' | 'short' = 'long',
): SyncSummary {
  const connection = status.connection;
  const clockOff = status.clock?.off === true && connection !== 'signed-out';
  const ago = (ms: number) => relativeTime(ms, nowMs, t, language, style);
  let when: string | null = null;
  if (connection === 'online') {
    if (status.lastSyncAt !== null)
      when = t('sync.indicator.synced', { when: ago(status.lastSyncAt) });
    else if (style === 'long') when = t('sync.indicator.notSyncedYet');
  } else if (connection === 'backing-off' && status.nextAttemptAt !== null)
    when = t('sync.indicator.nextTry', { when: ago(Math.max(status.nextAttemptAt, nowMs)) });
  else if (connection === 'offline') when = t('sync.indicator.retrying');
  return { state: t(`sync.state.${connection}`), when, tone: TONES[connection], clockOff };
}

export type SignInField = 'serverUrl' | 'organisation' | 'login' | 'password';
export const SIGN_IN_FIELDS: readonly SignInField[] = [
  'serverUrl',
  'organisation',
  'login',
  'password',
];

/** A failed sign-in: the field it is about (null: the whole form), and why, in words. */
export interface SignInProblem {
  field: SignInField | null;
  message: string;
}

/** "in 15 minutes" for a wait of `seconds`, measured from now. */
function waitWords(seconds: number, t: TFunction, language: string): string {
  return relativeTime(seconds * 1000, 0, t, language);
}

/** The words of a failed `sync.signIn`, on the field it names where it names one. */
export function signInProblem(error: BridgeError, t: TFunction, language: string): SignInProblem {
  const reason = error.reason;
  switch (reason?.key) {
    case 'sync-insecure-url':
    case 'sync-invalid-url':
    case 'sync-bad-answer':
      return { field: 'serverUrl', message: bridgeErrorText(error, t) };
    case 'sync-offline':
      return { field: 'serverUrl', message: t('sync.signIn.errors.offline') };
    case 'sync-refused': {
      const code = reason.params.code;
      if (code === 'unauthenticated')
        return { field: null, message: t('sync.signIn.errors.wrongCredentials') };
      if (code === 'too-many-attempts') {
        const retryAfter = Number(reason.params.retryAfter);
        return {
          field: null,
          message: Number.isFinite(retryAfter)
            ? t('sync.signIn.errors.tooManyAttempts', { when: waitWords(retryAfter, t, language) })
            : t('sync.signIn.errors.tooManyAttemptsLater'),
        };
      }
      return { field: null, message: bridgeErrorText(error, t) };
    }
    case undefined: {
      // The bridge's own check of the input (zod): the first field it names.
      const first = error.issues.find((issue) =>
        SIGN_IN_FIELDS.includes(issue.path[0] as SignInField),
      );
      if (error.code === 'invalid-input' && first !== undefined) {
        const field = first.path[0] as SignInField;
        return { field, message: t(`sync.signIn.errors.${field}Format`) };
      }
      return { field: null, message: bridgeErrorText(error, t) };
    }
    default:
      return { field: null, message: bridgeErrorText(error, t) };
  }
}

export interface SignInValues {
  serverUrl: string;
  organisation: string;
  login: string;
  password: string;
}

/**
 * The form's own check before anything is sent: each field's problem in words (the same rules as
 * the sync contract's schemas; the main process checks the address's security again).
 */
export function signInFieldErrors(
  values: SignInValues,
  t: TFunction,
): Partial<Record<SignInField, string>> {
  const errors: Partial<Record<SignInField, string>> = {};
  const url = values.serverUrl.trim();
  if (url === '') errors.serverUrl = t('sync.signIn.errors.serverUrlRequired');
  else if (!isWebAddress(url)) errors.serverUrl = t('sync.signIn.errors.serverUrlFormat');
  const organisation = values.organisation.trim();
  if (organisation === '') errors.organisation = t('sync.signIn.errors.organisationRequired');
  else if (!organisationSlugSchema.safeParse(organisation).success)
    errors.organisation = t('sync.signIn.errors.organisationFormat');
  const login = values.login.trim();
  if (login === '') errors.login = t('sync.signIn.errors.loginRequired');
  else if (!loginSchema.safeParse(login).success)
    errors.login = t('sync.signIn.errors.loginFormat');
  if (values.password === '') errors.password = t('sync.signIn.errors.passwordRequired');
  else if (values.password.length > 200) errors.password = t('sync.signIn.errors.passwordFormat');
  return errors;
}

function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}
