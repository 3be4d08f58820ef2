/**
 * Push: a client's mutations, in order, each in its own transaction (DESIGN.md "Sync", the
 * Replicache model). An id already dealt with is skipped (a retried push applies nothing twice);
 * an id past the next one stops the push (nothing may be applied out of order); a mutation the
 * rules refuse consumes its id, is recorded with its code, and never blocks the ones after it.
 */
import { parseMutation, type Mutation } from '../../sync/mutations';
import type { Refusal } from '../../sync/protocol';
import type { Database } from '../db/database';
import { HANDLERS, type Actor, type MutationContext, type Outcome } from './handlers';
import { lockOrganisation, nextVersion } from './store';

/** The channel the server NOTIFYs on with an organisation id when its records change. */
export const CHANGES_CHANNEL = 'cw_changes';

export type PushOutcome =
  | {
      ok: true;
      lastMutationId: number;
      results: { id: number; status: 'applied' | 'refused' | 'skipped' }[];
      refusals: Refusal[];
    }
  | { ok: false; code: 'unknown-client' }
  | { ok: false; code: 'mutation-gap'; expected: number };

export class PushOrderError extends Error {
  constructor() {
    super('mutation ids in one push must increase by one');
  }
}

export async function push(
  db: Database,
  input: { clientId: string; orgId: string; actor: Actor; mutations: readonly Mutation[] },
  now: () => number,
): Promise<PushOutcome> {
  const { mutations } = input;
  for (let i = 1; i < mutations.length; i++)
    if (mutations[i]!.id !== mutations[i - 1]!.id + 1) throw new PushOrderError();
  const results: { id: number; status: 'applied' | 'refused' | 'skipped' }[] = [];
  const refusals: Refusal[] = [];
  let lastMutationId = 0;
  for (const mutation of mutations) {
    const step = await db.transaction(async (tx) => {
      const { rows } = await tx.query<{ last_mutation_id: string; account_id: string }>(
        `SELECT last_mutation_id, account_id FROM clients WHERE id = $1 AND org_id = $2 FOR UPDATE`,
        [input.clientId, input.orgId],
      );
      const client = rows[0];
      if (!client || client.account_id !== input.actor.accountId)
        return { kind: 'unknown-client' as const };
      const last = Number(client.last_mutation_id);
      if (mutation.id <= last) return { kind: 'skipped' as const, last };
      if (mutation.id > last + 1) return { kind: 'gap' as const, expected: last + 1 };
      if (!(await lockOrganisation(tx, input.orgId))) return { kind: 'unknown-client' as const };
      const at = now();
      const parsed = parseMutation(mutation);
      let refusal: Refusal | null = null;
      let version: number | null = null;
      if (!parsed.ok) {
        refusal = {
          mutationId: mutation.id,
          name: mutation.name.slice(0, 64),
          code: parsed.code,
          params:
            parsed.code === 'invalid-arguments'
              ? { path: parsed.path ?? '', problem: parsed.message ?? '' }
              : {},
          at,
        };
      } else {
        version = await nextVersion(tx);
        await tx.query('SAVEPOINT mutation');
        const handler = HANDLERS[parsed.name] as (
          ctx: MutationContext,
          args: unknown,
        ) => Promise<Outcome>;
        const outcome = await handler(
          { tx, orgId: input.orgId, actor: input.actor, now: at, version },
          parsed.args,
        );
        if (!outcome.ok) {
          await tx.query('ROLLBACK TO SAVEPOINT mutation');
          version = null;
          refusal = {
            mutationId: mutation.id,
            name: mutation.name,
            code: outcome.code,
            params: outcome.params ?? {},
            at,
          };
        }
      }
      if (refusal)
        await tx.query(
          `INSERT INTO refusals (client_id, mutation_id, name, code, params, at) VALUES ($1, $2, $3, $4, $5::jsonb, $6)`,
          [
            input.clientId,
            mutation.id,
            refusal.name,
            refusal.code,
            JSON.stringify(refusal.params),
            at,
          ],
        );
      await tx.query(
        `INSERT INTO applied_mutations (client_id, mutation_id, name, version, at) VALUES ($1, $2, $3, $4, $5)`,
        [input.clientId, mutation.id, mutation.name.slice(0, 64), version, at],
      );
      await tx.query(`UPDATE clients SET last_mutation_id = $2 WHERE id = $1`, [
        input.clientId,
        mutation.id,
      ]);
      if (version !== null)
        await tx.query(`SELECT pg_notify($1, $2)`, [CHANGES_CHANNEL, input.orgId]);
      return refusal ? { kind: 'refused' as const, refusal } : { kind: 'applied' as const };
    });
    if (step.kind === 'unknown-client') return { ok: false, code: 'unknown-client' };
    if (step.kind === 'gap') {
      if (results.length === 0) return { ok: false, code: 'mutation-gap', expected: step.expected };
      break;
    }
    if (step.kind === 'skipped') {
      results.push({ id: mutation.id, status: 'skipped' });
      lastMutationId = Math.max(lastMutationId, step.last);
      continue;
    }
    lastMutationId = mutation.id;
    results.push({ id: mutation.id, status: step.kind });
    if (step.kind === 'refused') refusals.push(step.refusal);
  }
  return { ok: true, lastMutationId, results, refusals };
}
