/**
 * Text search over sealed messages (issue 7): an in-memory index of every message's subject and
 * text, built after unlock by opening the messages page by page, kept current as messages are
 * stored, and dropped at lock. The text is never written anywhere; the index lives only as long
 * as the unlocked page.
 *
 * Matching is what the queue did before encryption: a case-insensitive substring of a subject or
 * a text (which also works for Japanese, where words are not separated by spaces). A query that is
 * a JET number finds the participant's threads through the blind index instead, so the number
 * itself is never stored or compared in the clear.
 */
import type { FieldCipher } from '../crypto/field-cipher';
import { FieldDecryptionError, normaliseJetNumber } from '../crypto/field-cipher';
import type { WorkstationDatabase } from '../database';
import type { StoredMessageRecord } from '../records';

/** Messages opened per read transaction while the index is built. */
const BUILD_PAGE = 500;

const fold = (text: string) => text.normalize('NFKC').toLocaleLowerCase();

export interface SearchIndexProgress {
  done: number;
  total: number;
}

export class MessageSearchIndex {
  /** message id → [thread id, folded subject and text]. */
  private readonly entries = new Map<string, [string, string]>();
  private building: Promise<void> | null = null;
  private dropped = false;

  constructor(
    private readonly db: WorkstationDatabase,
    private readonly cipher: FieldCipher,
  ) {}

  /** Builds the index once (later calls wait for the same build). */
  build(onProgress?: (p: SearchIndexProgress) => void): Promise<void> {
    this.building ??= this.fill(onProgress);
    return this.building;
  }

  private async fill(onProgress?: (p: SearchIndexProgress) => void): Promise<void> {
    const total = await this.db.messages.count();
    let done = 0;
    let after: string | null = null;
    for (;;) {
      if (this.dropped) return;
      const page: StoredMessageRecord[] =
        after === null
          ? await this.db.messages.orderBy('id').limit(BUILD_PAGE).toArray()
          : await this.db.messages.where('id').above(after).limit(BUILD_PAGE).toArray();
      if (page.length === 0) break;
      const opened = await Promise.all(
        page.map(async (m) => {
          try {
            const [subject, body] = await Promise.all([
              this.cipher.open(m.subject, { table: 'messages', id: m.id, field: 'subject' }),
              this.cipher.open(m.body, { table: 'messages', id: m.id, field: 'body' }),
            ]);
            return [m.id, m.threadId, fold(`${subject}\n${body}`)] as const;
          } catch (error) {
            // A message that does not open is left out of the index, not the whole search.
            if (error instanceof FieldDecryptionError) return null;
            throw error;
          }
        }),
      );
      if (this.dropped) return;
      for (const entry of opened) if (entry) this.entries.set(entry[0], [entry[1], entry[2]]);
      done += page.length;
      after = page[page.length - 1]!.id;
      onProgress?.({ done, total });
    }
  }

  /** Reads every message again (after an import stored many), if the index was built already. */
  rebuild(): Promise<void> {
    if (this.building === null) return Promise.resolve();
    const previous = this.building.catch(() => undefined);
    // Read from scratch: messages removed meanwhile (a restore) leave the index too.
    this.building = previous.then(() => {
      this.entries.clear();
      return this.fill();
    });
    return this.building;
  }

  /**
   * Reads these messages again as they are stored now (after a sync round wrote or removed them):
   * each is added, replaced or left out; the others are untouched. Before the index is built it
   * does nothing (the build reads them all).
   */
  async refresh(ids: readonly string[]): Promise<void> {
    if (this.building === null || this.dropped) return;
    await this.building.catch(() => undefined);
    const stored = await this.db.messages.bulkGet([...ids]);
    for (const [i, id] of ids.entries()) {
      const m = stored[i];
      if (m === undefined) {
        this.entries.delete(id);
        continue;
      }
      try {
        const [subject, body] = await Promise.all([
          this.cipher.open(m.subject, { table: 'messages', id: m.id, field: 'subject' }),
          this.cipher.open(m.body, { table: 'messages', id: m.id, field: 'body' }),
        ]);
        if (!this.dropped) this.entries.set(id, [m.threadId, fold(`${subject}\n${body}`)]);
      } catch (error) {
        if (!(error instanceof FieldDecryptionError)) throw error;
        this.entries.delete(id);
      }
    }
  }

  /** Adds or replaces one message (after it is stored). */
  add(message: { id: string; threadId: string; subject: string; body: string }): void {
    if (this.dropped) return;
    this.entries.set(message.id, [message.threadId, fold(`${message.subject}\n${message.body}`)]);
  }

  /** Threads with a message whose subject or text contains the query, or whose JET number it is. */
  async search(query: string): Promise<Set<string>> {
    const found = new Set<string>();
    const needle = fold(query.trim());
    if (needle === '') return found;
    const digits = normaliseJetNumber(query);
    if (/^20\d{9}$/.test(digits) && /^[\d\s-]+$/.test(query.trim())) {
      const jetIndex = await this.cipher.blindIndex(digits);
      const participants = await this.db.participants.where('jetIndex').equals(jetIndex).toArray();
      if (participants.length > 0) {
        const threads = await this.db.threads
          .where('participantId')
          .anyOf(participants.map((p) => p.id))
          .primaryKeys();
        for (const id of threads) found.add(id);
      }
    }
    await this.build();
    for (const [threadId, text] of this.entries.values()) {
      if (!found.has(threadId) && text.includes(needle)) found.add(threadId);
    }
    return found;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Forgets every text (at lock). */
  drop(): void {
    this.dropped = true;
    this.entries.clear();
  }
}
