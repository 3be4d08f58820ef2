/**
 * One wrapper for every write a person starts (Actual Budget's handler wrappers, for the page):
 * it shows that the action is under way, catches its failure, logs it without text or
 * identifiers (the action's name and the error's code or class only), and shows the failure in the
 * UI's language. Components never write their own try/catch around a repository call.
 */
import { useCallback, useRef, useState } from 'react';
import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { BridgeCallError } from '../bridge';
import { bridgeErrorText } from './bridge-words';
import { logError } from './log';

/** An error a repository or the domain throws on purpose, worded by the renderer from its code. */
export class ActionError extends Error {
  readonly code: string;
  readonly params: Record<string, string | number>;
  constructor(code: string, params: Record<string, string | number> = {}) {
    super(code);
    this.name = 'ActionError';
    this.code = code;
    this.params = params;
  }
}

/** The failure of an action, worded in the UI's language (never the error's English message). */
export function describeError(error: unknown, t: TFunction): string {
  if (error instanceof ActionError)
    return t(`error.action.${error.code}`, {
      ...error.params,
      defaultValue: t('error.action.failed'),
    });
  if (error instanceof BridgeCallError) return bridgeErrorText(error.error, t);
  return t('error.action.failed');
}

/** What is logged of a failure: its kind, never its message (which may hold text or an id). */
function errorKind(error: unknown): string {
  if (error instanceof ActionError) return error.code;
  if (error instanceof BridgeCallError) return error.error.code;
  return error instanceof Error ? error.name : 'unknown';
}

export interface Action<A extends unknown[], R> {
  /** Runs the action; resolves to its result, or to undefined when it failed (already shown). */
  run(...args: A): Promise<R | undefined>;
  busy: boolean;
  /** The newest failure, worded, until the action runs again. */
  error: string | null;
}

export interface ActionOptions {
  /** A translated line shown when the action succeeded (omit for actions whose result shows). */
  success?: string;
  /** Show the failure as a notification too (default true; a form may show `error` inline). */
  notify?: boolean;
}

/**
 * Wraps `perform` as an action named `name` (a stable name for the log, e.g. "thread.take").
 * A second run while one is under way is ignored: a double click does not send twice.
 */
export function useAction<A extends unknown[], R>(
  name: string,
  perform: (...args: A) => Promise<R>,
  options: ActionOptions = {},
): Action<A, R> {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = useRef(false);
  const { success, notify = true } = options;
  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      if (running.current) return undefined;
      running.current = true;
      setBusy(true);
      setError(null);
      try {
        const result = await perform(...args);
        if (success !== undefined) notifications.show({ color: 'teal', message: success });
        return result;
      } catch (failure) {
        logError(`action-failed:${name}`, { error: errorKind(failure) });
        const message = describeError(failure, t);
        setError(message);
        if (notify) notifications.show({ color: 'red', title: t('error.action.title'), message });
        return undefined;
      } finally {
        running.current = false;
        setBusy(false);
      }
    },
    [name, perform, success, notify, t],
  );
  return { run, busy, error };
}
