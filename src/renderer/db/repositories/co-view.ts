/**
 * The CO view's data: read the sessions and the receipt instants of messages, and hand them to the
 * CO projection at once. Only the projection leaves this function; the records it read stay in
 * its local variables, so no React state of a CO page ever holds a name, a JET number or a text.
 */
import {
  projectForCo,
  type CoView,
  type MessageInput,
  type SessionInput,
} from '../../../domain/privacy/projections';
import { pseudonymKeyFromBytes } from '../../../domain/privacy/pseudonym';
import type { WorkstationDatabase } from '../database';

/** A new random key for one view: never stored, so two views' pseudonyms cannot be linked. */
export function newPseudonymKey(): string {
  return pseudonymKeyFromBytes(globalThis.crypto.getRandomValues(new Uint8Array(16)));
}

export async function loadCoView(
  db: WorkstationDatabase,
  options: { threshold: number; pseudonymKey: string },
): Promise<CoView> {
  const sessions: SessionInput[] = (await db.sessions.toArray()).map((s) => ({
    id: s.id,
    participantId: s.participantId,
    counsellorId: s.counsellorId,
    startMs: s.startMs,
    outcome: s.outcome,
    deletedAt: s.deletedAt,
  }));
  // Only what the counts need is copied out of each message, one at a time.
  const messages: MessageInput[] = [];
  await db.messages.each((m) => {
    if (m.kind !== 'participant-message') return;
    messages.push({
      id: m.id,
      participantId: m.participantId,
      receivedAtMs: m.receivedAtMs,
      kind: m.kind,
      deletedAt: m.deletedAt,
    });
  });
  return projectForCo(sessions, messages, options);
}
