/**
 * When a page load may ask the host for the demo dataset (browser host `--demo`). The dataset
 * holds every demo JET number, name and text in clear, so only a seeding load fetches it: never
 * once the demo is in, never into a database that holds data of its own, never for the CO role.
 */
import type { Role } from '../../domain/privacy/roles';

export interface DemoSeedFacts {
  /** The database records the whole demo as stored (`demo-seeded`). */
  seeded: boolean;
  /** A seeding began and did not finish (`demo-seeding`): it is completed. */
  seeding: boolean;
  /** No participant, counsellor or message is stored. */
  empty: boolean;
  /** The role of the profile signed in. */
  role: Role;
}

export function demoSeedWanted(facts: DemoSeedFacts): boolean {
  if (facts.role === 'co') return false;
  if (facts.seeded) return false;
  return facts.seeding || facts.empty;
}
