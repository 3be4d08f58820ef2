/**
 * One wrapper for every write a person starts (Actual Budget's handler wrappers, for the page):
 * it shows that the action is under way, catches its failure, logs it without text or
 * identifiers (the action's name and the error's code or class only), and shows the failure in the
 * UI's language (the action's own words for the refusals it expects, else the app's). Components
 * never write their own try/catch around a repository call.
 */
import { useCallback, useRef, useState } from 'react';
import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { BridgeCallError } from '../bridge';
import { bridgeErrorText } from './bridge-words';
import { logError, logInfo } from './log';

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

/** A code of the error's own, when it is a short token (an enumerated code, never a sentence). */
function ownCode(error: Error): string | null {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[A-Za-z][A-Za-z0-9_-]{0,40}$/.test(code) ? code : null;
}

/**
 * What is logged of a failure: its kind (a code, or the error's class with its own code when it
 * has one), never its message, which may hold text or an identifier.
 */
export function errorKind(error: unknown): string {
  if (error instanceof ActionError) return error.code;
  if (error instanceof BridgeCallError) return error.error.code;
  if (!(error instanceof Error)) return 'unknown';
  const code = ownCode(error);
  return code === null ? error.name : `${error.name}:${code}`;
}

/**
 * The action's own words for failures it expects (a repository's refusal codes, a refused role),
 * or null/undefined for any other failure, which `describeError` words.
 */
export type DescribeFailure = (error: unknown) => string | null | undefined;

/**
 * The failure path every action shares; returns the failure in the UI's language. A failure the
 * action words itself is a refusal the person acts on (a taken name, a damaged backup): traced as
 * `action-refused:<name>`, not as an error of the app. Any other is logged as the error
 * `action-failed:<name>`. Either way the log holds the error's kind only (a field the log's
 * redaction keeps), never its message.
 */
export function actionFailed(
  name: string,
  error: unknown,
  t: TFunction,
  describe?: DescribeFailure,
): string {
  const fields = { kind: errorKind(error) };
  const own = describe?.(error);
  if (own !== null && own !== undefined) {
    logInfo(`action-refused:${name}`, fields);
    return own;
  }
  logError(`action-failed:${name}`, fields);
  return describeError(error, t);
}

export interface Action<A extends unknown[], R> {
  /** Runs the action; resolves to its result, or to undefined when it failed (already shown). */
  run(...args: A): Promise<R | undefined>;
  busy: boolean;
  /** The newest failure, worded, until the action runs again or is reset. */
  error: string | null;
  /** Forgets the failure shown (a dialog that closes, another action of the same form). */
  reset(): void;
}

export interface ActionOptions {
  /** A translated line shown when the action succeeded (omit for actions whose result shows). */
  success?: string;
  /** Show the failure as a notification too (default true; a form may show `error` inline). */
  notify?: boolean;
  /**
   * The action's own words for the failures it expects (a repository's refusal codes, a refused
   * role): logged as refusals, not errors. Null or undefined: `describeError`, logged as an error.
   */
  describe?: DescribeFailure;
  /** The title of the failure's notification (default: the app's "That did not work"). */
  failureTitle?: string;
}

/** The notification's close button, named in the UI's language. */
const closeButton = (t: TFunction) => ({ 'aria-label': t('app.closeNotification') });

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
  const { success, notify = true, describe, failureTitle } = options;
  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      if (running.current) return undefined;
      running.current = true;
      setBusy(true);
      setError(null);
      try {
        const result = await perform(...args);
        if (success !== undefined)
          notifications.show({ color: 'teal', message: success, closeButtonProps: closeButton(t) });
        return result;
      } catch (failure) {
        const message = actionFailed(name, failure, t, describe);
        setError(message);
        if (notify)
          notifications.show({
            color: 'red',
            title: failureTitle ?? t('error.action.title'),
            message,
            closeButtonProps: closeButton(t),
          });
        return undefined;
      } finally {
        running.current = false;
        setBusy(false);
      }
    },
    [name, perform, success, notify, describe, failureTitle, t],
  );
  const reset = useCallback(() => setError(null), []);
  return { run, busy, error, reset };
}
