import { uuidv7 } from 'uuidv7';

/** A new record id: UUIDv7 (time-ordered, generated on this workstation, safe to sync). */
export function newId(): string {
  return uuidv7();
}
