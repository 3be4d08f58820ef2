import { z } from 'zod';

/** What went wrong with a bridge call, in a form the page can show. */
export const bridgeErrorCodeSchema = z.enum([
  'invalid-input',
  'invalid-output',
  'unknown-channel',
  'unauthorized',
  /** The role the main process recorded may not do this (e.g. a counsellor saving the rules). */
  'forbidden-role',
  'forbidden-origin',
  'forbidden-sender',
  'failed',
  /** The request body is larger than the channel takes (HTTP 413 in the browser host). */
  'too-large',
  'internal',
]);
export type BridgeErrorCode = z.infer<typeof bridgeErrorCodeSchema>;

const pathSchema = z.array(z.union([z.string(), z.number()]));

export const bridgeErrorSchema = z.strictObject({
  code: bridgeErrorCodeSchema,
  /** A sentence for the user: what was wrong and where. */
  message: z.string(),
  /** Where in the input the (first) problem is, e.g. `["serviceHours", "open"]`; empty if nowhere. */
  path: pathSchema,
  /** Every problem found, each with its own path (validation errors list them all). */
  issues: z.array(z.strictObject({ path: pathSchema, message: z.string() })),
});
export type BridgeError = z.infer<typeof bridgeErrorSchema>;

export type BridgeResult<T> = { ok: true; value: T } | { ok: false; error: BridgeError };

export const bridgeResultSchema = z.union([
  z.strictObject({ ok: z.literal(true), value: z.unknown() }),
  z.strictObject({ ok: z.literal(false), error: bridgeErrorSchema }),
]);

/** Thrown by a handler to refuse a call with a structured reason the user can act on. */
export class BridgeFailure extends Error {
  readonly code: BridgeErrorCode;
  readonly path: (string | number)[];

  constructor(code: BridgeErrorCode, message: string, path: (string | number)[] = []) {
    super(message);
    this.name = 'BridgeFailure';
    this.code = code;
    this.path = path;
  }

  toBridgeError(): BridgeError {
    return {
      code: this.code,
      message: this.message,
      path: this.path,
      issues: [{ path: this.path, message: this.message }],
    };
  }
}

/** Turns zod issues into a bridge error whose message names the field. */
export function bridgeErrorFromZod(
  code: 'invalid-input' | 'invalid-output',
  channel: string,
  error: z.ZodError,
): BridgeError {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: issue.message,
  }));
  const first = issues[0] ?? { path: [], message: 'invalid value' };
  const where = first.path.length > 0 ? first.path.join('.') : 'input';
  const lead =
    code === 'invalid-input' ? `Invalid input for ${channel}` : `Invalid answer from ${channel}`;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return { code, message: `${lead}: ${where}: ${first.message}${more}`, path: first.path, issues };
}
