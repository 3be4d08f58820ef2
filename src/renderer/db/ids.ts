import { uuidv7 } from 'uuidv7';
import { identifierInId } from '../../domain/dataset/identifiers';

/**
 * A new record id: UUIDv7 (time-ordered, generated on this workstation, safe to sync). Ids travel
 * unsealed, and the sync contract refuses one that looks like it holds a JET number (11 digits
 * beginning with 20); about one random UUID in ten thousand does, by chance. Such a draw is
 * drawn again, so an id the app makes is never refused.
 */
export function newId(): string {
  for (;;) {
    const id = uuidv7();
    if (identifierInId(id) === null) return id;
  }
}
