/**
 * The events stream: a workstation connected to `/v1/events` is poked when its organisation's
 * records change (through LISTEN/NOTIFY, after the change committed), and only then.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from './databases';
import { importOf, openWorld, organisation, signIn, type World } from './world';

/** Reads an SSE response's events as they come. */
function eventReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    /** The next event's name (comments skipped). */
    async next(): Promise<string> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const name = /^event: (.*)$/m.exec(block)?.[1];
          if (name) return name;
          continue;
        }
        const { value, done } = await reader.read();
        if (done) return 'closed';
        buffer += decoder.decode(value, { stream: true });
      }
    },
    cancel: () => reader.cancel(),
  };
}

describe.each(testBackends())('events on $name', (backend) => {
  let world: World;
  let base: string;
  beforeAll(async () => {
    world = await openWorld(await backend.open());
    await world.app.listen({ port: 0, host: '127.0.0.1' });
    const address = world.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await world?.close();
  });

  it('pokes the organisation after a push that changed something, and not other organisations', async () => {
    const slug = await organisation(world);
    const other = await organisation(world);
    const supervisor = await signIn(world, slug, 'super');
    const outsider = await signIn(world, other, 'alice');
    const open = async (token: string) => {
      const response = await fetch(`${base}/v1/events`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      const events = eventReader(response.body!);
      expect(await events.next()).toBe('ready');
      return events;
    };
    const mine = await open(supervisor.tokens.accessToken);
    const theirs = await open(outsider.tokens.accessToken);
    await supervisor.push([importOf(1).mutation]);
    expect(await mine.next()).toBe('poke');
    // The other organisation hears nothing of it: its first event is its own change.
    await outsider.push([{ name: 'thread.take', args: { threadId: 'none' } }]); // refused: no poke
    await signIn(world, other, 'super').then((s) => s.push([importOf(1).mutation]));
    expect(await theirs.next()).toBe('poke');
    await mine.cancel();
    await theirs.cancel();
  });

  it('refuses a stream without a valid token', async () => {
    const response = await fetch(`${base}/v1/events`, {
      headers: { authorization: 'Bearer nope' },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'unauthenticated' });
  });
});
