/**
 * Taking the portal's deliveries in (issue 16): the server holds each registration and message
 * sealed to the organisation's intake key; a workstation holding the organisation's keys opens it,
 * seals each field again under the organisation's data keys (bound to the record and field, as it
 * stores them), computes what only clear text gives (the JET number's blind index, the
 * crisis-expression signal), and sends `intake.accept`. The server builds the records from what it
 * holds (ids, its receipt instant, flags) with those sealed fields; they arrive here by the pull,
 * like any record. The clear text lives only in this function's memory.
 *
 * Deliveries are taken in order of arrival: a participant's registration before their messages.
 * A delivery this workstation cannot open (sealed to a key it does not hold: it has not joined the
 * organisation) is left for another. Logs carry counts and kinds only.
 */
import type { BridgeApi } from '../../../bridge/contract';
import {
  openSealed,
  recipientOf,
  sealTo,
  type KeyHolder,
  type PendingDelivery,
  type PublicKeyWire,
} from '../../../sync/intake';
import type { MutationArgs } from '../../../sync/mutations';
import { normaliseJetNumber, type FieldCipher } from '../crypto/field-cipher';
import { openRecord } from '../crypto/sealed-records';
import { sealedToWire } from '../crypto/sealed-wire';
import type { WorkstationDatabase } from '../database';
import { recordMutation } from './changes';

export type IntakeBridge = Pick<BridgeApi, 'sync.intakeKey' | 'sync.intakePending'>;

/** A delivery turned into the mutation that takes it in. */
async function acceptanceOf(
  cipher: FieldCipher,
  holder: KeyHolder,
  delivery: PendingDelivery,
  hasRiskSignal: (text: string) => boolean,
): Promise<MutationArgs<'intake.accept'>> {
  const open = (field: string, sealed: Parameters<typeof openSealed>[1]) =>
    openSealed([holder], sealed, { what: delivery.kind, id: delivery.id, field });
  const seal = async (table: string, id: string, field: string, text: string) =>
    sealedToWire(await cipher.seal(text, { table, id, field }));
  if (delivery.kind === 'participant') {
    const jetNumber =
      delivery.sealed.jetNumber === null
        ? null
        : await open('jetNumber', delivery.sealed.jetNumber);
    return {
      kind: 'participant',
      participantId: delivery.id,
      name: await seal(
        'participants',
        delivery.id,
        'name',
        await open('name', delivery.sealed.name),
      ),
      email: await seal(
        'participants',
        delivery.id,
        'email',
        await open('email', delivery.sealed.email),
      ),
      jetNumber:
        jetNumber === null ? null : await seal('participants', delivery.id, 'jetNumber', jetNumber),
      jetIndex: jetNumber === null ? null : await cipher.blindIndex(normaliseJetNumber(jetNumber)),
    };
  }
  const subject = await open('subject', delivery.sealed.subject);
  const body = await open('body', delivery.sealed.body);
  return {
    kind: 'message',
    messageId: delivery.id,
    threadId: delivery.threadId,
    subject: await seal('messages', delivery.id, 'subject', subject),
    body: await seal('messages', delivery.id, 'body', body),
    threadSubject: await seal('threadSubjects', delivery.threadId, 'subject', subject),
    riskSignal: hasRiskSignal(`${subject}\n${body}`),
  };
}

export interface TakeInResult {
  /** Deliveries sent to the server to be taken in. */
  accepted: number;
  /** Deliveries this workstation could not open (left for another). */
  unopened: number;
}

/**
 * Takes in every delivery waiting: each becomes an `intake.accept` in the outbox (pushed by the
 * next round). A delivery already in the outbox is not added twice.
 */
export async function takeInDeliveries(options: {
  db: WorkstationDatabase;
  cipher: FieldCipher;
  sync: IntakeBridge;
  nowMs: () => number;
  hasRiskSignal: (text: string) => boolean;
}): Promise<TakeInResult> {
  const { db, cipher, sync, nowMs, hasRiskSignal } = options;
  const holder = await cipher.intakeKey();
  const waiting = new Set(
    (await db.outbox.filter((entry) => entry.name === 'intake.accept').toArray()).map((entry) => {
      const args = entry.args as MutationArgs<'intake.accept'>;
      return args.kind === 'participant' ? `p:${args.participantId}` : `m:${args.messageId}`;
    }),
  );
  const result: TakeInResult = { accepted: 0, unopened: 0 };
  let after = 0;
  for (;;) {
    const page = await sync['sync.intakePending']({ after });
    for (const delivery of page.deliveries) {
      after = delivery.seq;
      if (waiting.has(`${delivery.kind === 'participant' ? 'p' : 'm'}:${delivery.id}`)) continue;
      let args: MutationArgs<'intake.accept'>;
      try {
        args = await acceptanceOf(cipher, holder, delivery, hasRiskSignal);
      } catch {
        result.unopened += 1;
        continue;
      }
      await db.transaction('rw', [db.outbox, db.serverCopies], async () => {
        await recordMutation(db, 'intake.accept', args, nowMs());
      });
      result.accepted += 1;
    }
    if (!page.more || page.deliveries.length === 0) return result;
  }
}

/**
 * A supervisor's workstation publishes the organisation's intake key when the server has none
 * (the portal's deliveries wait until it does), and only when its keys are the organisation's: a
 * message or participant it pulled is sealed under one of its data keys (a workstation that has
 * not joined holds the team's records under keys it does not have). With no record yet (a new
 * organisation) its keys are the organisation's by definition. The key the server holds is never
 * replaced from here: a workstation of another key set must not take the portal's messages from
 * the team. Returns the key the server holds afterwards.
 */
export async function publishIntakeKey(
  cipher: FieldCipher,
  sync: IntakeBridge,
  db?: WorkstationDatabase,
): Promise<{ key: PublicKeyWire | null; published: boolean }> {
  const held = await sync['sync.intakeKey']({});
  if (held.key !== null) return { key: held.key, published: false };
  if (db !== undefined) {
    const message = await db.messages.limit(1).first();
    const participant = message ? undefined : await db.participants.limit(1).first();
    const kid = (message?.body ?? participant?.name)?.kid;
    if (kid !== undefined && !cipher.hasKey(kid)) return { key: null, published: false };
  }
  const own = await cipher.intakeKey();
  const published = await sync['sync.intakeKey']({ publish: own.publicKey });
  return { key: published.key, published: true };
}

/**
 * Seals the replies due to the portal (to participants who came through it) to the portal's
 * public key, each as `reply.forPortal` in the outbox: the portal then shows them on the
 * participant's My Page, and the server cannot read them. A reply this workstation does not hold
 * (a thread in another counsellor's hands) is left for a workstation that does. Returns how many
 * were sealed.
 */
export async function sealAnswersForPortal(options: {
  db: WorkstationDatabase;
  cipher: FieldCipher;
  sync: Pick<BridgeApi, 'sync.portalAnswersDue'>;
  nowMs: () => number;
}): Promise<number> {
  const { db, cipher, sync, nowMs } = options;
  const due = await sync['sync.portalAnswersDue'](undefined);
  if (due.portalKey === null || due.replies.length === 0) return 0;
  const recipient = await recipientOf(due.portalKey);
  const waiting = new Set(
    (await db.outbox.filter((entry) => entry.name === 'reply.forPortal').toArray()).map(
      (entry) => (entry.args as MutationArgs<'reply.forPortal'>).replyId,
    ),
  );
  let sealed = 0;
  for (const { replyId } of due.replies) {
    if (waiting.has(replyId)) continue;
    const stored = await db.messages.get(replyId);
    if (stored === undefined || stored.kind !== 'reply') continue;
    const reply = await openRecord(cipher, 'messages', stored);
    const place = (field: string) => ({ what: 'answer' as const, id: replyId, field });
    const args: MutationArgs<'reply.forPortal'> = {
      replyId,
      subject: await sealTo(recipient, place('subject'), reply.subject),
      body: await sealTo(recipient, place('body'), reply.body),
    };
    await db.transaction('rw', [db.outbox, db.serverCopies], async () => {
      await recordMutation(db, 'reply.forPortal', args, nowMs());
    });
    sealed += 1;
  }
  return sealed;
}
