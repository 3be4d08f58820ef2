/**
 * Dispatches a bridge call: checks the channel, validates the input before the handler runs and
 * the output before it leaves, and turns every failure into a structured `BridgeError`. The same
 * router serves `ipcMain.handle` under Electron and the browser host's HTTP routes.
 */
import { contract, type BridgeHandlers } from '../../bridge/contract';
import { isChannelName } from '../../bridge/channels';
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
    let value: unknown;
    try {
      const handler = handlers[channel] as (input: unknown) => unknown;
      value = await handler(parsedInput.data);
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
  };
}
