/**
 * The failure path every action shares (app/action.ts): the log line holds the action's name and
 * the error's kind only (never its message, which may hold a person's text or an identifier); the
 * person sees the action's own words for a refusal it expects (traced, not logged as an error of
 * the app), else the app's words for a failure (logged as an error).
 */
import { describe, expect, it, vi } from 'vitest';

// The page's bridge looks for the preload's global when it is loaded (app/action.ts imports it).
vi.hoisted(() => {
  Object.assign(globalThis, { window: { counsellorWorkstation: {} } });
});

import { ActionError, actionFailed, errorKind } from '../../../src/renderer/app/action';
import { BridgeCallError } from '../../../src/renderer/bridge';
import { ProfileError } from '../../../src/renderer/db/repositories/profiles';
import { tEn as t } from '../i18n-fixture';

/** Runs `actionFailed` and returns what it said, the one line it logged (parsed) and its level. */
function fail(name: string, error: unknown, describeIt?: (error: unknown) => string | null) {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const infos = vi.spyOn(console, 'info').mockImplementation(() => undefined);
  const text = actionFailed(name, error, t, describeIt);
  const lines = [...errors.mock.calls, ...infos.mock.calls].map((call) => String(call[0]));
  const level = errors.mock.calls.length > 0 ? 'error' : 'info';
  errors.mockRestore();
  infos.mockRestore();
  expect(lines).toHaveLength(1);
  const line = lines[0] ?? '';
  return { text, line, level, logged: JSON.parse(line) as Record<string, unknown> };
}

const forbidden = new BridgeCallError({
  code: 'forbidden-role',
  message: 'Only a supervisor may do this (profile Alice Example, alice@example.org)',
  path: [],
  issues: [],
});

describe('an action that failed', () => {
  it('logs its name and the error’s kind, which the log keeps, and nothing of the message', () => {
    const { logged, line, level } = fail(
      'profile.create',
      new ProfileError('name-taken', 'There is already a profile named Alice Example.'),
    );
    expect(level).toBe('error');
    expect(logged).toEqual({
      level: 'error',
      event: 'action-failed:profile.create',
      kind: 'ProfileError:name-taken',
    });
    expect(line).not.toContain('Alice');
    expect(line).not.toContain('redacted');
  });

  it('logs a bridge failure by its code, a domain failure by its code, anything else by its class', () => {
    expect(fail('profile.set-credential', forbidden).logged.kind).toBe('forbidden-role');
    expect(fail('session.add-note', new ActionError('no-session', { id: 'x' })).logged.kind).toBe(
      'no-session',
    );
    const quota = new DOMException('disk full for alice@example.org', 'QuotaExceededError');
    expect(fail('report.export', quota).logged.kind).toBe('QuotaExceededError');
    const sentence = Object.assign(new TypeError('bad'), { code: 'a sentence with Alice in it' });
    expect(fail('report.export', sentence).logged.kind).toBe('TypeError');
    const { logged, line } = fail('report.export', 'Alice Example could not be exported');
    expect(logged.kind).toBe('unknown');
    expect(line).not.toContain('Alice');
  });

  it('is worded by the action’s own words when it has some, and traced as a refusal', () => {
    const notAllowed = (error: unknown) =>
      error instanceof BridgeCallError && error.error.code === 'forbidden-role'
        ? t('supervision.notAllowed')
        : null;
    const refused = fail('profile.set-credential', forbidden, notAllowed);
    expect(refused.text).toBe(
      'Only a supervisor can add a supervisor profile or set its credential.',
    );
    expect(refused.level).toBe('info');
    expect(refused.logged).toEqual({
      level: 'info',
      event: 'action-refused:profile.set-credential',
      kind: 'forbidden-role',
    });
    expect(refused.line).not.toContain('Alice');
    const taken = new ProfileError('name-taken', 'There is already a profile named Alice Example.');
    const named = fail('profile.create', taken, (e) =>
      e instanceof ProfileError ? t(`profiles.errors.${e.code}`) : null,
    );
    expect(named.text).toBe('There is already a profile with this name.');
    expect(named.logged).toEqual({
      level: 'info',
      event: 'action-refused:profile.create',
      kind: 'ProfileError:name-taken',
    });
  });

  it('falls back to the app’s words when the action has none for this failure', () => {
    const none = () => null;
    const failed = 'The change was not made. Nothing already saved was lost. Try again.';
    expect(fail('profile.create', new Error('Alice'), none).text).toBe(failed);
    expect(fail('profile.create', new Error('Alice'), () => undefined as never).text).toBe(failed);
    expect(fail('profile.create', new Error('Alice')).text).toBe(failed);
    const other = fail('profile.set-credential', forbidden, none);
    expect(other.text).toBe(t('error.bridge.forbidden-role'));
    expect(other.logged.event).toBe('action-failed:profile.set-credential');
    expect(other.level).toBe('error');
  });

  it('names the kind as errorKind does (the same for a hook that keeps its own status)', () => {
    expect(errorKind(new ProfileError('last-staff', 'x'))).toBe('ProfileError:last-staff');
    expect(errorKind(undefined)).toBe('unknown');
  });
});
