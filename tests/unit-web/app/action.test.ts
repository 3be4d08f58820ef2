/**
 * The failure path every action shares (app/action.ts): the log line holds the action's name and
 * the error's kind only (never its message, which may hold a person's text or an identifier), and
 * the person sees the action's own words for the failure when it has some, else the app's.
 */
import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it, vi } from 'vitest';

// The page's bridge looks for the preload's global when it is loaded (app/action.ts imports it).
vi.hoisted(() => {
  Object.assign(globalThis, { window: { counsellorWorkstation: {} } });
});

import { ActionError, actionFailed, errorKind } from '../../../src/renderer/app/action';
import { BridgeCallError } from '../../../src/renderer/bridge';
import { ProfileError } from '../../../src/renderer/db/repositories/profiles';
import { en } from '../../../src/renderer/i18n/en';

let t: TFunction;
beforeAll(async () => {
  const i18n = i18next.createInstance();
  await i18n.init({
    resources: { en: { translation: en } },
    lng: 'en',
    interpolation: { escapeValue: false },
  });
  t = i18n.getFixedT('en');
});

/** Runs `actionFailed` and returns what it said and the one line it logged, parsed. */
function fail(name: string, error: unknown, describeIt?: (error: unknown) => string | null) {
  const console_ = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const text = actionFailed(name, error, t, describeIt);
  expect(console_).toHaveBeenCalledTimes(1);
  const line = String(console_.mock.calls[0]?.[0]);
  console_.mockRestore();
  return { text, line, logged: JSON.parse(line) as Record<string, unknown> };
}

const forbidden = new BridgeCallError({
  code: 'forbidden-role',
  message: 'Only a supervisor may do this (profile Alice Example, alice@example.org)',
  path: [],
  issues: [],
});

describe('an action that failed', () => {
  it('logs its name and the error’s kind, which the log keeps, and nothing of the message', () => {
    const { logged, line } = fail(
      'profile.create',
      new ProfileError('name-taken', 'There is already a profile named Alice Example.'),
    );
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

  it('is worded by the action’s own words when it has some', () => {
    const notAllowed = (error: unknown) =>
      error instanceof BridgeCallError && error.error.code === 'forbidden-role'
        ? t('supervision.notAllowed')
        : null;
    expect(fail('profile.set-credential', forbidden, notAllowed).text).toBe(
      'Only a supervisor can add a supervisor profile or set its credential.',
    );
  });

  it('falls back to the app’s words when the action has none for this failure', () => {
    const none = () => null;
    const failed = 'The change was not made. Nothing already saved was lost. Try again.';
    expect(fail('profile.create', new Error('Alice'), none).text).toBe(failed);
    expect(fail('profile.create', new Error('Alice'), () => undefined as never).text).toBe(failed);
    expect(fail('profile.create', new Error('Alice')).text).toBe(failed);
    expect(fail('profile.set-credential', forbidden, none).text).toBe(
      t('error.bridge.forbidden-role'),
    );
  });

  it('names the kind as errorKind does (the same for a hook that keeps its own status)', () => {
    expect(errorKind(new ProfileError('last-staff', 'x'))).toBe('ProfileError:last-staff');
    expect(errorKind(undefined)).toBe('unknown');
  });
});
