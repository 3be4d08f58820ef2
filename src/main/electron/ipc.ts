/**
 * Binds the bridge's channels to `ipcMain.handle`. The only file that touches `ipcMain`.
 *
 * Every call is checked before it runs, as VS Code's `validatedIpcMain` does: it must come from a
 * frame that still exists, is the main frame of its web contents, and shows a trusted app URL.
 * Anything else is answered with a `forbidden-sender` result and the handler never runs. Handlers
 * always resolve to a `BridgeResult`; nothing is thrown across IPC.
 */
import { ipcMain as electronIpcMain } from 'electron';
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent } from 'electron';
import { CHANNEL_NAMES, IPC_CHANNEL_PREFIX } from '../../bridge/channels';
import type { BridgeResult } from '../../bridge/errors';
import type { BridgeDispatch } from '../services/bridge-router';
import { errorKind, type Logger } from '../services/logger';
import { isTrustedSender } from './guards';

export type IpcRegistrar = Pick<IpcMain, 'handle'>;
export type SenderEvent = Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>;
export type IpcCall = (input: unknown) => Promise<BridgeResult<unknown>>;

/** Why a sender is refused, or null when it is trusted. */
export function senderRefusal(
  event: SenderEvent,
  trustedOrigins: readonly string[],
): 'no-frame' | 'not-main-frame' | 'untrusted-origin' | 'frame-gone' | null {
  try {
    const frame = event.senderFrame;
    if (frame === null || frame === undefined) return 'no-frame';
    const mainFrame = event.sender.mainFrame;
    const isMainFrame =
      frame.parent === null &&
      (frame === mainFrame || frame.frameTreeNodeId === mainFrame.frameTreeNodeId);
    if (!isMainFrame) return 'not-main-frame';
    return isTrustedSender(frame.url, isMainFrame, trustedOrigins) ? null : 'untrusted-origin';
  } catch {
    // A frame that was disposed mid-call throws on access: refuse it.
    return 'frame-gone';
  }
}

function forbiddenSender(): BridgeResult<never> {
  return {
    ok: false,
    error: {
      code: 'forbidden-sender',
      message: 'This call came from a page or frame the app does not trust, so it was refused.',
      path: [],
      issues: [],
    },
  };
}

function internalError(channel: string): BridgeResult<never> {
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

/** Registers `fn` for `channel`, behind the sender check. */
export function handle(
  ipcMain: IpcRegistrar,
  channel: string,
  trustedOrigins: readonly string[],
  fn: IpcCall,
  log?: Logger,
): void {
  ipcMain.handle(channel, async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
    const refusal = senderRefusal(event, trustedOrigins);
    if (refusal !== null) {
      log?.warn('ipc.forbidden-sender', { channel, reason: refusal });
      return forbiddenSender();
    }
    try {
      return await fn(args[0]);
    } catch (error) {
      log?.error('ipc.handler-threw', { channel, kind: errorKind(error) });
      return internalError(channel);
    }
  });
}

/** Registers `cw:<name>` for every bridge channel, each dispatching to the router. */
export function bindBridge(
  ipcMain: IpcRegistrar,
  dispatch: BridgeDispatch,
  trustedOrigins: readonly string[],
  log: Logger,
): void {
  for (const name of CHANNEL_NAMES) {
    handle(
      ipcMain,
      `${IPC_CHANNEL_PREFIX}${name}`,
      trustedOrigins,
      (input) => dispatch(name, input),
      log,
    );
  }
}

/** `bindBridge` on Electron's own `ipcMain`. */
export function bindBridgeToIpcMain(
  dispatch: BridgeDispatch,
  trustedOrigins: readonly string[],
  log: Logger,
): void {
  bindBridge(electronIpcMain, dispatch, trustedOrigins, log);
}

/**
 * Listens to one-way messages from the page on `channel` (the desktop side channel), behind the
 * same sender check; a refused sender's message is dropped with a log line.
 */
export function onPageMessage(
  channel: string,
  trustedOrigins: readonly string[],
  listener: (value: unknown) => void,
  log: Logger,
  ipcMain: Pick<IpcMain, 'on'> = electronIpcMain,
): void {
  ipcMain.on(channel, (event: IpcMainEvent, value: unknown) => {
    const refusal = senderRefusal(event, trustedOrigins);
    if (refusal !== null) {
      log.warn('ipc.forbidden-sender', { channel, reason: refusal });
      return;
    }
    listener(value);
  });
}
