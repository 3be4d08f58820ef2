/**
 * The events stream: a workstation connected to `/v1/events` is poked when its organisation's
 * records change (through LISTEN/NOTIFY, after the change committed), and only then.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../../src/server/db/database';
import { listenForChanges, POKE_WINDOW_MS } from '../../../src/server/events';
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

describe('pokes are merged per organisation', () => {
  async function hub() {
    let notify: (payload: string) => void = () => {};
    const db = {
      listen: async (_channel: string, onNotice: (payload: string) => void) => {
        notify = onNotice;
        return async () => {};
      },
    } as unknown as Database;
    const notices = await listenForChanges(db);
    return { notices, notify: (org: string) => notify(org) };
  }

  it('the first change pokes at once; a burst within the window makes one more poke at its end', async () => {
    vi.useFakeTimers();
    try {
      const { notices, notify } = await hub();
      const pokes = { a: 0, b: 0 };
      notices.subscribe('org-a', () => pokes.a++);
      notices.subscribe('org-b', () => pokes.b++);
      for (let i = 0; i < 30; i++) notify('org-a');
      notify('org-b');
      expect(pokes).toEqual({ a: 1, b: 1 });
      vi.advanceTimersByTime(POKE_WINDOW_MS);
      // The burst's last changes are not lost: one trailing poke for org-a, none for org-b.
      expect(pokes).toEqual({ a: 2, b: 1 });
      vi.advanceTimersByTime(10 * POKE_WINDOW_MS);
      expect(pokes).toEqual({ a: 2, b: 1 });
      notify('org-a');
      expect(pokes.a).toBe(3);
      await notices.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
