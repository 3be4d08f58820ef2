/**
 * Calling the bridge router in the main-process tests as the page does: an answer, or the
 * refusal a call was meant to get.
 */
import type { ChannelName } from '../../../../src/bridge/channels';
import type { ChannelInput, ChannelOutput } from '../../../../src/bridge/contract';
import type { BridgeError } from '../../../../src/bridge/errors';
import type { BridgeDispatch } from '../../../../src/main/services/bridge-router';

/** The channel's answer; a refusal fails the test, naming the channel. */
export async function call<C extends ChannelName>(
  dispatch: BridgeDispatch,
  channel: C,
  input: ChannelInput<C>,
): Promise<ChannelOutput<C>> {
  const result = await dispatch(channel, input);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value as ChannelOutput<C>;
}

/** The channel's refusal; an answer fails the test. */
export async function refusal<C extends ChannelName>(
  dispatch: BridgeDispatch,
  channel: C,
  input: ChannelInput<C>,
): Promise<BridgeError> {
  const result = await dispatch(channel, input);
  if (result.ok) throw new Error(`${channel} was not refused`);
  return result.error;
}
