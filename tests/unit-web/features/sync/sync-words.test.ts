/**
 * The sync state in words (issue 15): the indicator's summary of each connection state, relative
 * times, the clock's offset, the sign-in form's own checks, and the main process's refusals on
 * the field they are about, in English and Japanese.
 */
import { describe, expect, it } from 'vitest';
import { BridgeFailure, reason, type BridgeError } from '../../../../src/bridge/errors';
import { SYNC_CONNECTION_STATES, type SyncStatus } from '../../../../src/bridge/schemas/sync';
import {
  clockSentence,
  relativeTime,
  signInFieldErrors,
  signInProblem,
  syncSummary,
} from '../../../../src/renderer/features/sync/sync-words';
import { tEn, tJa } from '../../i18n-fixture';

const NOW = Date.parse('2026-11-30T01:00:00Z');

const status = (over: Partial<SyncStatus> = {}): SyncStatus => ({
  connection: 'online',
  serverUrl: 'https://sync.example.org',
  organisation: 'demo',
  account: { login: 'a.tanaka', role: 'counsellor', organisation: 'demo', counsellorId: null },
  clientId: null,
  events: 'connected',
  nextAttemptAt: null,
  lastSyncAt: NOW - 120_000,
  clock: { offsetMs: 400, off: false },
  problem: null,
  ...over,
});

const refused = (key: Parameters<typeof reason>[0], params = {}): BridgeError =>
  new BridgeFailure('failed', 'English for the log.', [], reason(key, params)).toBridgeError();

describe('relative times', () => {
  it('past and future, in both languages, from seconds to days', () => {
    expect(relativeTime(NOW - 3_000, NOW, tEn, 'en')).toBe('just now');
    expect(relativeTime(NOW - 3_000, NOW, tJa, 'ja')).toBe('たった今');
    expect(relativeTime(NOW - 40_000, NOW, tEn, 'en')).toBe('40 seconds ago');
    expect(relativeTime(NOW + 40_000, NOW, tEn, 'en')).toBe('in 40 seconds');
    expect(relativeTime(NOW - 120_000, NOW, tEn, 'en')).toBe('2 minutes ago');
    expect(relativeTime(NOW - 120_000, NOW, tJa, 'ja')).toBe('2 分前');
    expect(relativeTime(NOW + 900_000, NOW, tJa, 'ja')).toBe('15 分後');
    expect(relativeTime(NOW - 3 * 3_600_000, NOW, tEn, 'en')).toBe('3 hours ago');
    expect(relativeTime(NOW - 3 * 86_400_000, NOW, tEn, 'en')).toBe('3 days ago');
  });
});

describe('the indicator’s summary', () => {
  it('every connection state has words and a tone in both languages', () => {
    for (const connection of SYNC_CONNECTION_STATES) {
      for (const [t, language] of [
        [tEn, 'en'],
        [tJa, 'ja'],
      ] as const) {
        const summary = syncSummary(status({ connection }), NOW, t, language);
        expect(summary.state).not.toContain('sync.');
        expect(summary.when ?? '').not.toContain('sync.');
        expect(summary.when ?? '').not.toContain('{{');
      }
    }
  });

  it('online: when it last synced, or that it has not yet', () => {
    expect(syncSummary(status(), NOW, tEn, 'en')).toEqual({
      state: 'Online',
      when: 'synced 2 minutes ago',
      tone: 'ok',
      clockOff: false,
    });
    expect(syncSummary(status(), NOW, tJa, 'ja').when).toBe('同期：2 分前');
    expect(syncSummary(status({ lastSyncAt: null }), NOW, tEn, 'en').when).toBe('not synced yet');
    // The header's short style: abbreviated, and silent about a sync not yet made.
    expect(syncSummary(status(), NOW, tEn, 'en', 'short').when).toBe('synced 2 min ago');
    expect(syncSummary(status({ lastSyncAt: null }), NOW, tEn, 'en', 'short').when).toBeNull();
  });

  it('offline: retrying, or when the next try goes while backing off', () => {
    expect(syncSummary(status({ connection: 'offline' }), NOW, tEn, 'en')).toMatchObject({
      state: 'Offline',
      when: 'retrying',
      tone: 'warn',
    });
    const backingOff = status({ connection: 'backing-off', nextAttemptAt: NOW + 40_000 });
    expect(syncSummary(backingOff, NOW, tEn, 'en').when).toBe('next try in 40 seconds');
    // A next attempt already due is not "40 seconds ago".
    const due = status({ connection: 'backing-off', nextAttemptAt: NOW - 40_000 });
    expect(syncSummary(due, NOW, tEn, 'en').when).toBe('next try just now');
  });

  it('signed out says so, with no time and no clock warning', () => {
    const summary = syncSummary(
      status({ connection: 'signed-out', account: null, clock: { offsetMs: 600_000, off: true } }),
      NOW,
      tEn,
      'en',
    );
    expect(summary).toEqual({ state: 'Not signed in', when: null, tone: 'off', clockOff: false });
  });

  it('flags the clock as the transport does (past 2 minutes)', () => {
    const off = status({ clock: { offsetMs: -200_000, off: true } });
    expect(syncSummary(off, NOW, tEn, 'en').clockOff).toBe(true);
    expect(syncSummary(status({ clock: null }), NOW, tEn, 'en').clockOff).toBe(false);
  });
});

describe('the clock’s offset', () => {
  it('says which way and how far, in minutes, then hours', () => {
    // The offset is the server's clock minus this computer's: positive, this one is behind.
    expect(clockSentence(200_000, tEn)).toBe(
      'This computer’s clock is 3 minutes behind the sync server’s.',
    );
    expect(clockSentence(-60_000 * 61, tEn)).toBe(
      'This computer’s clock is 61 minutes ahead of the sync server’s.',
    );
    expect(clockSentence(-3_600_000 * 9, tEn)).toBe(
      'This computer’s clock is 9 hours ahead of the sync server’s.',
    );
    expect(clockSentence(200_000, tJa)).toBe(
      'このコンピューターの時計は同期サーバーより3分遅れています。',
    );
  });
});

describe('the sign-in form’s own checks', () => {
  const good = {
    serverUrl: 'https://sync.example.org',
    organisation: 'clair-counselling',
    login: 'a.tanaka',
    password: 'secret',
  };

  it('accepts a good form', () => {
    expect(signInFieldErrors(good, tEn)).toEqual({});
    expect(signInFieldErrors({ ...good, serverUrl: '  http://127.0.0.1:8787 ' }, tEn)).toEqual({});
  });

  it('names each empty field', () => {
    expect(
      signInFieldErrors({ serverUrl: ' ', organisation: '', login: '', password: '' }, tEn),
    ).toEqual({
      serverUrl: 'Type the server address.',
      organisation: 'Type the organisation’s short name.',
      login: 'Type your sign-in name.',
      password: 'Type your password.',
    });
  });

  it('says why a field is wrong, by the sync contract’s rules', () => {
    const errors = signInFieldErrors(
      {
        serverUrl: 'sync.example.org',
        organisation: 'Clair Counselling',
        login: 'A.Tanaka',
        password: 'x'.repeat(201),
      },
      tEn,
    );
    expect(errors.serverUrl).toContain('must be a web address');
    expect(errors.organisation).toContain('lower-case letters, digits and hyphens');
    expect(errors.login).toContain('lower-case letters, digits, dots');
    expect(errors.password).toContain('at most 200');
    expect(
      signInFieldErrors({ ...good, serverUrl: 'ftp://sync.example.org' }, tEn).serverUrl,
    ).toBeDefined();
    expect(signInFieldErrors({ ...good, organisation: 'x' }, tJa).organisation).toContain(
      '2〜40文字',
    );
  });
});

describe('refused sign-ins', () => {
  it('puts an address the main process refused on the address field', () => {
    for (const key of ['sync-insecure-url', 'sync-invalid-url', 'sync-bad-answer'] as const) {
      const problem = signInProblem(refused(key), tEn, 'en');
      expect(problem.field).toBe('serverUrl');
      expect(problem.message).not.toContain('English for the log');
    }
    expect(signInProblem(refused('sync-insecure-url'), tEn, 'en').message).toContain('https://');
    expect(signInProblem(refused('sync-offline'), tEn, 'en')).toEqual({
      field: 'serverUrl',
      message:
        'No server answered at this address. Check the address and this computer’s network, then try again.',
    });
  });

  it('says wrong credentials over the form, without saying which one', () => {
    const problem = signInProblem(refused('sync-refused', { code: 'unauthenticated' }), tEn, 'en');
    expect(problem.field).toBeNull();
    expect(problem.message).toContain('organisation, sign-in name or password is wrong');
    expect(
      signInProblem(refused('sync-refused', { code: 'unauthenticated' }), tJa, 'ja').message,
    ).toContain('パスワード');
  });

  it('says when to try again after too many attempts', () => {
    const error = refused('sync-refused', { code: 'too-many-attempts', retryAfter: 900 });
    expect(signInProblem(error, tEn, 'en').message).toBe(
      'Too many failed sign-ins for this account. Try again in 15 minutes, with the right password.',
    );
    expect(signInProblem(error, tJa, 'ja').message).toContain('15 分後に');
    const noTime = refused('sync-refused', { code: 'too-many-attempts' });
    expect(signInProblem(noTime, tEn, 'en').message).toContain('Wait a quarter of an hour');
  });

  it('puts the bridge’s own check of a field on that field', () => {
    const error: BridgeError = {
      code: 'invalid-input',
      message: 'Invalid input for sync.signIn: login: must be lower-case',
      path: ['login'],
      issues: [{ path: ['login'], message: 'must be lower-case' }],
    };
    expect(signInProblem(error, tEn, 'en')).toEqual({
      field: 'login',
      message: tEn('sync.signIn.errors.loginFormat'),
    });
  });

  it('words any other refusal over the form, never in English in Japanese', () => {
    const problem = signInProblem(refused('sync-locked'), tJa, 'ja');
    expect(problem.field).toBeNull();
    expect(problem.message).toContain('ロック');
  });
});
