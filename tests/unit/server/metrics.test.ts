/**
 * Operating the server (issue 16, section 4, begun here): the health endpoint says whether the
 * database answers, and `GET /metrics` gives counts and latencies in Prometheus' text format,
 * with labels that name routes and outcomes only. Attacked: after real work (pushes applied,
 * refused and skipped, pulls, an events stream, a request for a path holding an id), the metrics
 * hold no organisation, account, client, record id or token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../../src/server/db/database';
import { openEvents } from './processes';
import { importOf, openWorld, teamOf, type World } from './world';

/** The value of one sample line (`name{labels} value`), or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('operating the server', () => {
  let world: World;
  let base: string;
  beforeAll(async () => {
    world = await openWorld(await openPglite(null));
    base = await world.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await world?.close();
  });

  const metrics = async () => {
    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  };

  it('the health endpoint answers without an account while the database does', async () => {
    const response = await fetch(`${base}/v1/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, database: 'ok' });
  });

  it('counts what the server did, by route and outcome, and names nobody', async () => {
    const { slug, supervisor, alice } = await teamOf(world);
    const imported = importOf(2);
    await supervisor.push([imported.mutation]);
    const [first] = imported.threadIds as [string];
    await alice.push([
      { name: 'thread.take', args: { threadId: first } },
      { name: 'thread.take', args: { threadId: 'no-such-thread' } },
    ]);
    // The same id again: skipped.
    await alice.pushRaw([
      { id: 1, name: 'thread.take', v: 1, args: { threadId: first }, at: world.clock.now },
    ]);
    await alice.pullAll(0);
    const events = await openEvents(base, alice.tokens.accessToken);
    expect(await events.next()).toBe('ready');
    const open = await metrics();
    expect(sample(open, 'cw_event_streams')).toBe(1);
    events.close();
    await expect.poll(async () => sample(await metrics(), 'cw_event_streams')).toBe(0);
    const asked = await fetch(`${base}/v1/threads/${first}?who=${alice.tokens.account.login}`);
    expect(asked.status).toBe(404);

    const text = await metrics();
    expect(sample(text, 'cw_push_mutations_total{outcome="applied"}')).toBe(2);
    expect(sample(text, 'cw_push_mutations_total{outcome="refused"}')).toBe(1);
    expect(sample(text, 'cw_push_mutations_total{outcome="skipped"}')).toBe(1);
    expect(sample(text, 'cw_pull_changes_total')).toBeGreaterThanOrEqual(9);
    expect(
      sample(text, 'cw_http_requests_total{method="POST",route="/v1/push",status="200"}'),
    ).toBe(3);
    expect(sample(text, 'cw_http_requests_total{method="GET",route="unknown",status="404"}')).toBe(
      1,
    );
    expect(text).toContain('cw_http_request_duration_seconds_bucket{le="0.005",route="/v1/pull"}');
    expect(text).toContain('cw_server_process_cpu_seconds_total');
    // Nobody and nothing named: no organisation, account, client, record id or token.
    const secrets = [
      slug,
      alice.tokens.account.login,
      alice.tokens.account.id,
      alice.clientId,
      supervisor.clientId,
      first,
      imported.participantId,
      alice.tokens.accessToken,
      alice.tokens.refreshToken,
    ];
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it('says the database is unavailable when it does not answer', async () => {
    const other = await openWorld(await openPglite(null));
    try {
      await other.db.close();
      const response = await other.app.inject({ method: 'GET', url: '/v1/health' });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toMatchObject({ ok: false, database: 'unavailable' });
    } finally {
      await other.app.close();
      await other.notices.close().catch(() => undefined);
    }
  });
});
