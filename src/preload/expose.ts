/**
 * Builds what the preload exposes to the page: one function per bridge channel, each forwarding
 * its single input to `ipcRenderer.invoke('cw:<name>', input)`. Nothing else crosses: not
 * `ipcRenderer`, not its event objects, not a generic `invoke(channel)`.
 *
 * Imports only the channel names (no zod), so the preload bundle stays small.
 */
import type { ContextBridge, IpcRenderer } from 'electron';
import {
  BRIDGE_GLOBAL,
  CHANNEL_NAMES,
  IPC_CHANNEL_PREFIX,
  type ChannelName,
} from '../bridge/channels';

/** The page's raw view of the bridge: each function resolves to the main process's BridgeResult. */
export type ExposedBridge = Readonly<Record<ChannelName, (input?: unknown) => Promise<unknown>>>;

export type Invoke = (channel: string, input: unknown) => Promise<unknown>;

export function buildBridgeApi(invoke: Invoke): ExposedBridge {
  const api = {} as Record<ChannelName, (input?: unknown) => Promise<unknown>>;
  for (const name of CHANNEL_NAMES) {
    const channel = `${IPC_CHANNEL_PREFIX}${name}`;
    api[name] = (input?: unknown) => invoke(channel, input);
  }
  return Object.freeze(api);
}

export function exposeBridge(
  contextBridge: Pick<ContextBridge, 'exposeInMainWorld'>,
  ipcRenderer: Pick<IpcRenderer, 'invoke'>,
): void {
  // Wrapped so that only the channel and the input reach ipcRenderer, never the page's `this`.
  const api = buildBridgeApi((channel, input) => ipcRenderer.invoke(channel, input));
  contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, api);
}
