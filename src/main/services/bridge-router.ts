/**
 * Dispatches a bridge call: checks the channel, validates the input before the handler runs and
 * the output before it leaves, and turns every failure into a structured `BridgeError`. The same
 * router serves `ipcMain.handle` under Electron and the browser host's HTTP routes.
 */
import { contract, type BridgeHandlers } from '../../bridge/contract';
import { isChannelName, type ChannelName } from '../../bridge/channels';
import { BridgeFailure, bridgeErrorFromZod, type BridgeResult } from '../../bridge/errors';
import { errorKind, type Logger } from './logger';

export type BridgeDispatch = (channel: string, input: unknown) => Promise<BridgeResult<unknown>>;

export function createBridgeRouter(handlers: BridgeHandlers, log: Logger): BridgeDispatch {
  return async (channel, rawInput) => {
    if (!isChannelName(channel)) {
      return {
        ok: false,
        error: {
          code: 'unknown-channel',
          message: `There is no bridge channel called "${String(channel).slice(0, 60)}".`,
          path: [],
          issues: [],
        },
      };
    }
    const spec = contract[channel];
    const parsedInput = spec.input.safeParse(rawInput);
    if (!parsedInput.success) {
      log.warn('bridge.invalid-input', { channel, count: parsedInput.error.issues.length });
      return { ok: false, error: bridgeErrorFromZod('invalid-input', channel, parsedInput.error) };
    }
    const handler = handlers[channel] as (input: unknown) => unknown;
    return settle(channel, () => handler(parsedInput.data), log);
  };
}

/**
 * A channel whose request body is not parsed by the host but handed over as the file it was
 * spooled to (backup.save in the browser host: hundreds of megabytes, streamed; see
 * backup-body.ts). The handler checks the body itself (same codes and field paths as the input
 * schema would give); its failures and its output are treated as every other call's.
 */
export type StreamedHandler = (bodyFile: string) => Promise<unknown>;
export type StreamedDispatch = (
  channel: ChannelName,
  bodyFile: string,
) => Promise<BridgeResult<unknown>>;

export function createStreamedDispatch(
  handlers: Partial<Record<ChannelName, StreamedHandler>>,
  log: Logger,
): StreamedDispatch {
  return (channel, bodyFile) => {
    const handler = handlers[channel];
    if (handler === undefined) throw new Error(`${channel} is not a streamed channel`);
    return settle(channel, () => handler(bodyFile), log);
  };
}

/** Runs a handler: its refusals and failures as bridge errors, its output checked. */
async function settle(
  channel: ChannelName,
  run: () => unknown,
  log: Logger,
): Promise<BridgeResult<unknown>> {
  const spec = contract[channel];
  let value: unknown;
  try {
    value = await run();
  } catch (error) {
    if (error instanceof BridgeFailure) {
      log.warn('bridge.refused', { channel, code: error.code });
      return { ok: false, error: error.toBridgeError() };
    }
    log.error('bridge.handler-failed', { channel, kind: errorKind(error) });
    return {
      ok: false,
      error: {
        code: 'internal',
        message: `${channel} failed unexpectedly; nothing was changed by this call. Details are in the log.`,
        path: [],
        issues: [],
      },
    };
  }
  const parsedOutput = spec.output.safeParse(value);
  if (!parsedOutput.success) {
    log.error('bridge.invalid-output', { channel, count: parsedOutput.error.issues.length });
    return {
      ok: false,
      error: bridgeErrorFromZod('invalid-output', channel, parsedOutput.error),
    };
  }
  return { ok: true, value: parsedOutput.data };
}
