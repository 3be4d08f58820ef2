/**
 * Reading the sync server's events stream (`GET /v1/events`, text/event-stream). The browser's
 * EventSource cannot send an Authorization header, and the main process has none anyway: this
 * is the part of the WHATWG event-stream rules the server uses (`event:` and `data:` fields, `:`
 * comments, LF, CRLF or CR line ends, an event dispatched at a blank line when it has data).
 */

export interface ServerSentEvent {
  event: string;
  data: string;
}

export interface EventStreamParser {
  /** Feeds decoded text as it arrives; complete events are passed to `onEvent`. */
  push(text: string): void;
}

export function createEventStreamParser(
  onEvent: (event: ServerSentEvent) => void,
): EventStreamParser {
  let buffer = '';
  let eventName = '';
  let data: string[] = [];

  const line = (text: string) => {
    if (text === '') {
      if (data.length > 0) onEvent({ event: eventName || 'message', data: data.join('\n') });
      eventName = '';
      data = [];
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') eventName = value;
    else if (field === 'data') data.push(value);
    // `id` and `retry` are not used: the transport keeps its own back-off, and a reconnect pulls.
  };

  return {
    push(text) {
      buffer += text;
      for (;;) {
        const end = buffer.search(/\r\n|\r|\n/);
        if (end < 0) return;
        // A CR at the very end may be the first half of a CRLF: wait for what follows.
        if (buffer[end] === '\r' && end === buffer.length - 1) return;
        const length = buffer.startsWith('\r\n', end) ? 2 : 1;
        line(buffer.slice(0, end));
        buffer = buffer.slice(end + length);
      }
    },
  };
}
