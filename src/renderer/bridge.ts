/**
 * The page's handle on the bridge. Under Electron the preload exposes one function per channel on
 * `window.counsellorWorkstation` (IPC underneath); in the browser host the same calls go over HTTP
 * to the host that served the page, with the per-launch token from the URL it printed.
 */
import { BRIDGE_GLOBAL, CHANNEL_NAMES, type ChannelName } from '../bridge/channels';
import type { BridgeApi, ChannelInput, ChannelOutput } from '../bridge/contract';
import type { BridgeError, BridgeResult } from '../bridge/errors';

/** A failed bridge call, with the structured error the host sent. */
export class BridgeCallError extends Error {
  readonly error: BridgeError;
  constructor(error: BridgeError) {
    super(error.message);
    this.name = 'BridgeCallError';
    this.error = error;
  }
}

type RawInvoke = (channel: ChannelName, input: unknown) => Promise<BridgeResult<unknown>>;

const TOKEN_KEY = 'cw.host-token';

/** Reads the launch token from `?token=` once, keeps it for this tab, and removes it from the URL. */
function hostToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function httpTransport(): RawInvoke {
  const token = hostToken();
  return async (channel, input) => {
    if (token === null) {
      return {
        ok: false,
        error: { code: 'unauthorized', message: 'No launch token.', path: [], issues: [] },
      };
    }
    const response = await fetch(`/bridge/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CW-Token': token },
      body: input === undefined ? '' : JSON.stringify(input),
      cache: 'no-store',
    });
    return (await response.json()) as BridgeResult<unknown>;
  };
}

function ipcTransport(api: Record<ChannelName, (input: unknown) => Promise<unknown>>): RawInvoke {
  return (channel, input) => api[channel](input) as Promise<BridgeResult<unknown>>;
}

function createBridge(): BridgeApi {
  const exposed = (window as unknown as Record<string, unknown>)[BRIDGE_GLOBAL] as
    Record<ChannelName, (input: unknown) => Promise<unknown>> | undefined;
  const invoke = exposed ? ipcTransport(exposed) : httpTransport();
  const api = {} as Record<ChannelName, (input: unknown) => Promise<unknown>>;
  for (const channel of CHANNEL_NAMES) {
    api[channel] = async (input: unknown) => {
      const result = await invoke(channel, input);
      if (!result.ok) throw new BridgeCallError(result.error);
      return result.value;
    };
  }
  return api as BridgeApi;
}

export const bridge: BridgeApi = createBridge();

export type { ChannelInput, ChannelOutput };
