/**
 * Field encryption at rest (issue 7, DESIGN.md "Data"). Every sensitive field is stored as a
 * versioned envelope `{v, kid, iv, ct}`: AES-256-GCM under the data key `kid`, a fresh 12-byte IV
 * per value, and the table, record id, field name and schema version as additional authenticated
 * data, so a ciphertext edited, or moved to another record or field, fails to open instead of
 * showing garbage. The keys are non-extractable WebCrypto keys, imported from the bytes the main
 * process hands over after an unlock; the bytes are zeroed at once.
 *
 * A second key makes blind indexes: `HMAC-SHA256(indexKey, normalised value)`, so a record can be
 * found by an identifier (a JET number) without the identifier being stored.
 */
import type { KeyHolder, PublicKeyWire } from '../../../sync/intake';

/** Bumped only when the AAD layout or the cipher changes. */
export const ENVELOPE_VERSION = 1;
/** Part of every AAD: a ciphertext written under another schema version does not open. */
export const FIELD_SCHEMA_VERSION = 3;

export interface Envelope {
  readonly v: typeof ENVELOPE_VERSION;
  /** The data key it was sealed with (key rotation). */
  readonly kid: string;
  readonly iv: Uint8Array;
  /** Ciphertext with the GCM tag at its end. */
  readonly ct: Uint8Array;
}

/** Where a sealed value lives: it is bound to exactly this place. */
export interface FieldPlace {
  table: string;
  id: string;
  field: string;
}

export function isEnvelope(value: unknown): value is Envelope {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v.v === ENVELOPE_VERSION &&
    typeof v.kid === 'string' &&
    v.iv instanceof Uint8Array &&
    v.iv.byteLength === 12 &&
    v.ct instanceof Uint8Array &&
    v.ct.byteLength >= 16
  );
}

/** A sealed value that did not open: tampered with, moved, or sealed under an unknown key. */
export class FieldDecryptionError extends Error {
  constructor(
    readonly place: FieldPlace,
    readonly reason: 'unknown-key' | 'not-authentic' | 'not-an-envelope',
  ) {
    super(
      `${place.table} ${place.id} ${place.field}: ${
        reason === 'unknown-key'
          ? 'sealed under a key this workstation does not have'
          : reason === 'not-an-envelope'
            ? 'not an encrypted value'
            : 'does not open (changed, or moved from another record or field)'
      }`,
    );
    this.name = 'FieldDecryptionError';
  }
}

export interface KeyMaterial {
  /** The data key new values are sealed with. */
  currentKid: string;
  /** Every data key still in use (more than one during a key rotation). */
  keys: readonly { kid: string; key: Uint8Array }[];
  indexKey: Uint8Array;
  /**
   * Once the workstation adopted the organisation's keys (issue 15): its own index key, which
   * keys what is its own (the audit log's head mark and reason marks); absent, the index key.
   */
  localIndexKey?: Uint8Array | undefined;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function aadOf(place: FieldPlace, kid: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(
    `cw|v${ENVELOPE_VERSION}|s${FIELD_SCHEMA_VERSION}|${kid}|${place.table}|${place.id}|${place.field}`,
  );
}

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Copies into a fresh ArrayBuffer-backed array (WebCrypto wants exactly that). */
const own = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(bytes);

/** Imports raw key bytes through a copy, and zeroes the copy whatever happens. */
async function importRaw(
  bytes: Uint8Array,
  algorithm: AlgorithmIdentifier | HmacImportParams,
  usages: KeyUsage[],
): Promise<CryptoKey> {
  const copy = own(bytes);
  try {
    return await globalThis.crypto.subtle.importKey('raw', copy, algorithm, false, usages);
  } finally {
    copy.fill(0);
  }
}

export class FieldCipher {
  private constructor(
    private readonly dataKeys: ReadonlyMap<string, CryptoKey>,
    readonly currentKid: string,
    private readonly indexKey: CryptoKey,
    private readonly localIndexKey: CryptoKey,
    /** Whether these are an organisation's keys this workstation adopted by an enrolment. */
    readonly joinedOrganisation: boolean,
  ) {}

  /** Imports the keys as non-extractable WebCrypto keys and zeroes the bytes it was given. */
  static async fromKeyMaterial(material: KeyMaterial): Promise<FieldCipher> {
    try {
      const dataKeys = new Map<string, CryptoKey>();
      for (const { kid, key } of material.keys) {
        if (key.byteLength !== 32) throw new RangeError(`data key ${kid} is not 256 bits`);
        dataKeys.set(kid, await importRaw(key, 'AES-GCM', ['encrypt', 'decrypt']));
      }
      if (!dataKeys.has(material.currentKid))
        throw new RangeError(`the current key ${material.currentKid} is missing`);
      if (material.indexKey.byteLength !== 32)
        throw new RangeError('the index key is not 256 bits');
      const indexKey = await importRaw(material.indexKey, { name: 'HMAC', hash: 'SHA-256' }, [
        'sign',
      ]);
      const local = material.localIndexKey;
      if (local !== undefined && local.byteLength !== 32)
        throw new RangeError('the local index key is not 256 bits');
      const localIndexKey =
        local === undefined
          ? indexKey
          : await importRaw(local, { name: 'HMAC', hash: 'SHA-256' }, ['sign']);
      return new FieldCipher(
        dataKeys,
        material.currentKid,
        indexKey,
        localIndexKey,
        local !== undefined,
      );
    } finally {
      for (const { key } of material.keys) key.fill(0);
      material.indexKey.fill(0);
      material.localIndexKey?.fill(0);
    }
  }

  hasKey(kid: string): boolean {
    return this.dataKeys.has(kid);
  }

  /** How many data keys this key set holds (more than one: a rotation is not finished). */
  get keyCount(): number {
    return this.dataKeys.size;
  }

  async seal(value: string, place: FieldPlace): Promise<Envelope> {
    const kid = this.currentKid;
    const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
    const ct = await globalThis.crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: aadOf(place, kid) },
      this.dataKeys.get(kid)!,
      encoder.encode(value),
    );
    return { v: ENVELOPE_VERSION, kid, iv, ct: new Uint8Array(ct) };
  }

  async open(envelope: unknown, place: FieldPlace): Promise<string> {
    if (!isEnvelope(envelope)) throw new FieldDecryptionError(place, 'not-an-envelope');
    const key = this.dataKeys.get(envelope.kid);
    if (!key) throw new FieldDecryptionError(place, 'unknown-key');
    let plain: ArrayBuffer;
    try {
      // Wrapped in Promise.resolve: inside a live query, awaiting WebCrypto's own promise would
      // lose Dexie's zone, and the reads after it would no longer be observed (Dexie's rule for
      // non-Dexie async calls in a querier).
      plain = await Promise.resolve(
        globalThis.crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: own(envelope.iv), additionalData: aadOf(place, envelope.kid) },
          key,
          own(envelope.ct),
        ),
      );
    } catch {
      throw new FieldDecryptionError(place, 'not-authentic');
    }
    return decoder.decode(plain);
  }

  /** Seals a value that may be absent (null stays null: absence is not secret). */
  async sealNullable(value: string | null, place: FieldPlace): Promise<Envelope | null> {
    return value === null ? null : this.seal(value, place);
  }

  async openNullable(
    envelope: Envelope | null | undefined,
    place: FieldPlace,
  ): Promise<string | null> {
    return envelope === null || envelope === undefined ? null : this.open(envelope, place);
  }

  /**
   * HMAC-SHA256 of a value under the workstation's own index key, hex: for what is this
   * workstation's alone (the audit log's marks). The same as `blindIndex` until the workstation
   * adopts the organisation's keys; after, it stays what it was (docs/security.md, "Enrolment").
   */
  async localMark(value: string): Promise<string> {
    const mac = globalThis.crypto.subtle.sign('HMAC', this.localIndexKey, encoder.encode(value));
    return hex(await Promise.resolve(mac));
  }

  private intake: Promise<IntakeKey> | null = null;

  /**
   * The organisation's intake key (issue 16): an X25519 key pair derived from the index key
   * (HMAC-SHA256 under it of a fixed label is the private scalar), so every workstation holding
   * the organisation's keys has the same pair without any new key to hand on. The portal's
   * deliveries are sealed to its public half; only these workstations open them.
   */
  intakeKey(): Promise<IntakeKey> {
    this.intake ??= deriveIntakeKey(this.indexKey);
    return this.intake;
  }

  /** HMAC-SHA256 of a value under the index key, hex: for indexes and idempotency hashes. */
  async blindIndex(value: string): Promise<string> {
    const mac = globalThis.crypto.subtle.sign('HMAC', this.indexKey, encoder.encode(value));
    return hex(await Promise.resolve(mac)); // see open(): keeps a live query's zone
  }
}

/** The organisation's intake key as a workstation holds it: the private half never leaves. */
export interface IntakeKey extends KeyHolder {
  publicKey: PublicKeyWire;
}

export const INTAKE_KEY_LABEL = 'counsellor-workstation.intake-key/1';
/** PKCS #8 of an X25519 private key is this prefix, then the 32 bytes of the scalar. */
const X25519_PKCS8_PREFIX = [
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20,
];

async function deriveIntakeKey(indexKey: CryptoKey): Promise<IntakeKey> {
  const subtle = globalThis.crypto.subtle;
  const scalar = new Uint8Array(
    await subtle.sign('HMAC', indexKey, encoder.encode(INTAKE_KEY_LABEL)),
  );
  const pkcs8 = new Uint8Array(X25519_PKCS8_PREFIX.length + 32);
  pkcs8.set(X25519_PKCS8_PREFIX, 0);
  pkcs8.set(scalar, X25519_PKCS8_PREFIX.length);
  scalar.fill(0);
  try {
    const privateKey = await subtle.importKey('pkcs8', pkcs8, { name: 'X25519' }, false, [
      'deriveBits',
    ]);
    // The public half is the scalar times the base point (u = 9): no extractable private key.
    const base = new Uint8Array(32);
    base[0] = 9;
    const basePoint = await subtle.importKey('raw', base, { name: 'X25519' }, false, []);
    const publicRaw = new Uint8Array(
      await subtle.deriveBits({ name: 'X25519', public: basePoint }, privateKey, 256),
    );
    const digest = new Uint8Array(await subtle.digest('SHA-256', publicRaw));
    const kid = `intake-${hex(digest.buffer).slice(0, 16)}`;
    const publicKey = { kid, publicKey: btoa(String.fromCharCode(...publicRaw)) };
    return { kid, publicRaw, privateKey, publicKey };
  } finally {
    pkcs8.fill(0);
  }
}

/** The normal form of a JET number for its blind index: digits only. */
export function normaliseJetNumber(jetNumber: string): string {
  return jetNumber.replace(/\D/g, '');
}
