/**
 * What belongs to the page rather than to a screen or to one unlock, in one owner above the vault
 * and the database provider (App.tsx): the Dexie database (the lock drops keys, not the
 * connection), whether the page had its first unlock (only that one may skip typing the
 * passphrase), and the one-at-a-time rule for whole-data work (key rotation, backup and restore
 * each read or rewrite every sealed value; a restore sealing under a key that a rotation is
 * retiring would lose the data). A rotation replaces the cipher and with it every repository, so
 * that rule cannot live in a repository: it lives here, for the page's lifetime.
 */
import { createContext, useContext, useState, type ReactNode } from 'react';
import { WorkstationDatabase } from '../db/database';

export interface Connection {
  readonly db: WorkstationDatabase;
  /** The page had its first unlock (or was locked): from then on only a typed passphrase opens it. */
  firstUnlockDone(): boolean;
  markFirstUnlockDone(): void;
  /** Runs whole-data work unless other whole-data work runs: then refuses with 'busy'. */
  exclusively<T>(task: () => Promise<T>): Promise<T | 'busy'>;
}

export function createConnection(db: WorkstationDatabase = new WorkstationDatabase()): Connection {
  let firstUnlock = false;
  let running = false;
  return {
    db,
    firstUnlockDone: () => firstUnlock,
    markFirstUnlockDone() {
      firstUnlock = true;
    },
    async exclusively(task) {
      if (running) return 'busy';
      running = true;
      try {
        return await task();
      } finally {
        running = false;
      }
    },
  };
}

const ConnectionContext = createContext<Connection | null>(null);

export function ConnectionProvider({ children }: { children: ReactNode }) {
  const [connection] = useState(createConnection);
  return <ConnectionContext.Provider value={connection}>{children}</ConnectionContext.Provider>;
}

export function useConnection(): Connection {
  const value = useContext(ConnectionContext);
  if (value === null) throw new Error('used outside ConnectionProvider');
  return value;
}
