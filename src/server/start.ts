/**
 * Starts a sync server: open the database (PGlite in the data folder, locked against a second
 * process, or a real PostgreSQL), apply the migrations, listen for change notices, serve, and
 * purge old tombstones now and every hour.
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from './app';
import { openPglite, openPostgres, type Database } from './db/database';
import { lockFolder } from './db/folder-lock';
import { migrate } from './db/migrations';
import { createDemo } from './demo';
import { listenForChanges } from './events';
import { startHousekeeping } from './housekeeping';
import { createServerMetrics } from './metrics';
import type { ServerArgs } from './args';

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  db: Database;
  /** Where the demo accounts were written (first start with --demo), or null. */
  demoFile: string | null;
  close(): Promise<void>;
}

export async function startServer(
  args: ServerArgs,
  options: { logStream?: NodeJS.WritableStream | null; now?: () => number } = {},
): Promise<RunningServer> {
  const now = options.now ?? Date.now;
  let unlock = () => {};
  let db: Database;
  if (args.databaseUrl === null) {
    unlock = lockFolder(args.dataDir);
    try {
      db = await openPglite(path.join(args.dataDir, 'pglite'));
    } catch (error) {
      unlock();
      throw error;
    }
  } else {
    db = await openPostgres(args.databaseUrl);
  }
  try {
    await migrate(db, now());
    const demoFile = args.demo ? await createDemo(db, args.dataDir, now()) : null;
    const notices = await listenForChanges(db);
    const metrics = createServerMetrics();
    const app = await buildServer({
      db,
      notices,
      now,
      metrics,
      logStream: options.logStream ?? null,
    });
    await app.listen({ port: args.port, host: args.host });
    const housekeeping = startHousekeeping({
      db,
      now,
      days: args.tombstoneDays,
      onRound: (purged) => {
        metrics.tombstonesPurged.inc(purged);
        if (purged > 0) app.log.info({ purged }, 'tombstones purged');
      },
      onError: (error) => {
        metrics.purgeFailures.inc();
        app.log.error({ errorName: (error as Error).name }, 'tombstone purge failed');
      },
    });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : args.port;
    const host = args.host.includes(':') ? `[${args.host}]` : args.host;
    return {
      url: `http://${host}:${port}`,
      app,
      db,
      demoFile,
      async close() {
        await housekeeping.stop();
        await app.close();
        await notices.close();
        await db.close();
        unlock();
      },
    };
  } catch (error) {
    await db.close().catch(() => undefined);
    unlock();
    throw error;
  }
}
