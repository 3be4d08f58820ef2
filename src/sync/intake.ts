/**
 * The participants' portal delivering to the sync server (issue 16): what it sends, what it is
 * told, and how each sensitive field is sealed on arrival, in the request handler, so that the
 * clear text is never written anywhere on the server.
 *
 * Sealing to a public key (the organisation's intake key, or a portal's key for answers): X25519
 * between a fresh ephemeral key and the recipient's public key, HKDF-SHA256 over the shared
 * secret (salt: the ephemeral public key then the recipient's), AES-256-GCM with a fresh IV. The
 * HKDF info and the GCM additional data name the value's place (what, which record, which field)
 * and the recipient key's id, so a sealed value moved to another record or field, or sealed to
 * another key, does not open. Only the holder of the private key opens one: the organisation's
 * enrolled workstations for the intake key, the portal for its answers. The server holds neither.
 *
 * WebCrypto only (Node 20+ and the page): X25519, HKDF and AES-GCM.
 */
import { z } from 'zod';
import { idSchema, participantMessageSchema, participantSchema } from '../domain/dataset/schema';
import { base64Bytes, base64Schema, MAX_SEALED_BYTES } from './sealed';

export const INTAKE_SEAL_VERSION = 1;
/** At most this many registrations or messages in one delivery. */
export const MAX_INTAKE_BATCH = 100;
/** Deliveries one portal key may make in a minute (each up to `MAX_INTAKE_BATCH` items). */
export const INTAKE_REQUESTS_PER_MINUTE = 1_200;

const LABEL = 'counsellor-workstation.intake/1';

export const keyIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, { message: 'a key id is letters, digits, . _ - (at most 64)' });

/** A public key to seal to: X25519, its 32 raw bytes in base64. */
export const publicKeySchema = z.strictObject({
  kid: keyIdSchema,
  publicKey: base64Schema('publicKey', 32, 32),
});
export type PublicKeyWire = z.infer<typeof publicKeySchema>;

/** A value sealed to a public key, as it travels and rests. */
export const keySealedSchema = z.strictObject({
  v: z.literal(INTAKE_SEAL_VERSION),
  /** The recipient key's id. */
  kid: keyIdSchema,
  /** The ephemeral X25519 public key (32 bytes). */
  epk: base64Schema('epk', 32, 32),
  iv: base64Schema('iv', 12, 12),
  ct: base64Schema('ciphertext', 16, MAX_SEALED_BYTES),
});
export type KeySealed = z.infer<typeof keySealedSchema>;

/** Where a sealed value belongs. */
export interface SealPlace {
  what: 'participant' | 'message' | 'answer';
  id: string;
  field: string;
}

// --- What the portal sends --------------------------------------------------------------------

/** A registration: the participant as the portal knows them (the dataset's participant). */
export const intakeParticipantSchema = participantSchema;
export type IntakeParticipant = z.infer<typeof intakeParticipantSchema>;

/**
 * A message written on the portal: the dataset's participant message, its topics left to triage.
 * `threadId` is the portal's conversation; absent, the message starts a conversation of its own.
 * `receivedAt` is the portal's; the service counts from the server's receipt instant.
 */
export const intakeMessageSchema = participantMessageSchema
  .omit({ topics: true, threadId: true })
  .extend({
    threadId: idSchema(
      "The portal's conversation the message belongs to; absent, a conversation of its own.",
    ).optional(),
  });
export type IntakeMessage = z.infer<typeof intakeMessageSchema>;

/** A delivery: items are checked one by one, so one bad item does not refuse the others. */
export const participantDeliverySchema = z.strictObject({
  participants: z.array(z.unknown()).min(1).max(MAX_INTAKE_BATCH),
});
export const messageDeliverySchema = z.strictObject({
  messages: z.array(z.unknown()).min(1).max(MAX_INTAKE_BATCH),
});

export const INTAKE_STATUSES = ['delivered', 'already-there', 'refused'] as const;
export const INTAKE_REFUSALS = ['invalid', 'conflict', 'unknown-participant'] as const;

/** What the server says of each item, in the order sent. */
export const intakeResultSchema = z.strictObject({
  /** The item's id, when it had one that could be read. */
  id: z.string().nullable(),
  status: z.enum(INTAKE_STATUSES),
  /** Why refused. */
  code: z.enum(INTAKE_REFUSALS).optional(),
  /** The field refused (dotted), for `invalid` and `unknown-participant`. */
  path: z.string().optional(),
  message: z.string().optional(),
  /** The server's receipt instant (ms), for a message delivered now or before. */
  receivedAtMs: z.number().int().optional(),
  /** A message over 1,200 code points: kept whole, flagged (DOMAIN.md section 4). */
  overLimit: z.boolean().optional(),
});
export type IntakeResult = z.infer<typeof intakeResultSchema>;

export const intakeResponseSchema = z.strictObject({
  results: z.array(intakeResultSchema),
  serverTime: z.number().int(),
});
export type IntakeResponse = z.infer<typeof intakeResponseSchema>;

/** `GET /v1/intake-key`: the organisation's intake key, or null when none was published yet. */
export const intakeKeyResponseSchema = z.strictObject({
  key: publicKeySchema.nullable(),
  serverTime: z.number().int(),
});
export type IntakeKeyResponse = z.infer<typeof intakeKeyResponseSchema>;

// --- Sealing ------------------------------------------------------------------------------------

/** WebCrypto's key type, named without the DOM's types (this module runs in Node and the page). */
type Key = Awaited<ReturnType<typeof crypto.subtle.importKey>>;
type KeyPair = { publicKey: Key; privateKey: Key };

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/** The bytes a place and key id bind a sealed value to (HKDF info and GCM additional data). */
function bindingOf(place: SealPlace, kid: string): Uint8Array<ArrayBuffer> {
  return encoder.encode([LABEL, place.what, place.id, place.field, kid].join('\u0000'));
}

async function contentKey(
  shared: ArrayBuffer,
  epk: Uint8Array,
  recipient: Uint8Array,
  binding: Uint8Array<ArrayBuffer>,
): Promise<Key> {
  const ikm = await crypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  const salt = new Uint8Array(64);
  salt.set(epk, 0);
  salt.set(recipient, 32);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt, info: binding },
    ikm,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** A recipient's public key, checked and imported once for many values. */
export interface Recipient {
  kid: string;
  raw: Uint8Array<ArrayBuffer>;
  key: Key;
}

/** Imports a published public key; throws a TypeError that says what is wrong with it. */
export async function recipientOf(wire: PublicKeyWire): Promise<Recipient> {
  const parsed = publicKeySchema.safeParse(wire);
  if (!parsed.success)
    throw new TypeError(`not a public key: ${parsed.error.issues[0]?.message ?? 'wrong shape'}`);
  const raw = fromBase64(parsed.data.publicKey);
  let key: Key;
  try {
    key = await crypto.subtle.importKey('raw', raw, { name: 'X25519' }, true, []);
  } catch {
    throw new TypeError('not an X25519 public key');
  }
  return { kid: parsed.data.kid, raw, key };
}

/** Seals `text` to the recipient, bound to its place. */
export async function sealTo(
  recipient: Recipient,
  place: SealPlace,
  text: string,
): Promise<KeySealed> {
  const ephemeral = (await crypto.subtle.generateKey({ name: 'X25519' }, true, [
    'deriveBits',
  ])) as KeyPair;
  const epk = new Uint8Array(await crypto.subtle.exportKey('raw', ephemeral.publicKey));
  // A low-order public key would give an all-zero secret: WebCrypto refuses to derive it.
  const shared = await crypto.subtle.deriveBits(
    { name: 'X25519', public: recipient.key },
    ephemeral.privateKey,
    256,
  );
  const binding = bindingOf(place, recipient.kid);
  const key = await contentKey(shared, epk, recipient.raw, binding);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: binding },
      key,
      encoder.encode(text),
    ),
  );
  return {
    v: INTAKE_SEAL_VERSION,
    kid: recipient.kid,
    epk: toBase64(epk),
    iv: toBase64(iv),
    ct: toBase64(ct),
  };
}

/** A sealed value that did not open: another key, another place, or changed. */
export class KeySealedOpenError extends Error {
  constructor(
    readonly place: SealPlace,
    readonly reason: 'unknown-key' | 'not-authentic' | 'malformed',
  ) {
    super(
      `${place.what} ${place.id} ${place.field}: ${
        reason === 'unknown-key'
          ? 'sealed to a key this holder does not have'
          : reason === 'malformed'
            ? 'not a sealed value'
            : 'does not open (changed, or moved from another record or field)'
      }`,
    );
    this.name = 'KeySealedOpenError';
  }
}

/** A key pair's private half, imported, with its public half (both needed to open). */
export interface KeyHolder {
  kid: string;
  publicRaw: Uint8Array<ArrayBuffer>;
  privateKey: Key;
}

/** Imports a private key (PKCS #8) and its public half (raw) for opening. */
export async function holderOf(
  kid: string,
  pkcs8: Uint8Array,
  publicRaw: Uint8Array,
): Promise<KeyHolder> {
  const privateKey = await crypto.subtle.importKey(
    'pkcs8',
    Uint8Array.from(pkcs8),
    { name: 'X25519' },
    false,
    ['deriveBits'],
  );
  return { kid, publicRaw: Uint8Array.from(publicRaw), privateKey };
}

/** Opens a value sealed to one of `holders`' keys at `place`. */
export async function openSealed(
  holders: readonly KeyHolder[],
  sealed: KeySealed,
  place: SealPlace,
): Promise<string> {
  if (!keySealedSchema.safeParse(sealed).success) throw new KeySealedOpenError(place, 'malformed');
  const holder = holders.find((h) => h.kid === sealed.kid);
  if (holder === undefined) throw new KeySealedOpenError(place, 'unknown-key');
  const epk = fromBase64(sealed.epk);
  try {
    const ephemeral = await crypto.subtle.importKey('raw', epk, { name: 'X25519' }, false, []);
    const shared = await crypto.subtle.deriveBits(
      { name: 'X25519', public: ephemeral },
      holder.privateKey,
      256,
    );
    const binding = bindingOf(place, holder.kid);
    const key = await contentKey(shared, epk, holder.publicRaw, binding);
    const clear = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64(sealed.iv), additionalData: binding },
      key,
      fromBase64(sealed.ct),
    );
    return decoder.decode(clear);
  } catch {
    throw new KeySealedOpenError(place, 'not-authentic');
  }
}

/** A new X25519 key pair: the public half to publish (wire), the private half as PKCS #8. */
export async function newKeyPair(
  kid: string,
): Promise<{ publicKey: PublicKeyWire; privatePkcs8: Uint8Array; publicRaw: Uint8Array }> {
  const pair = (await crypto.subtle.generateKey({ name: 'X25519' }, true, [
    'deriveBits',
  ])) as KeyPair;
  const publicRaw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const privatePkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  return { publicKey: { kid, publicKey: toBase64(publicRaw) }, privatePkcs8, publicRaw };
}

/** How many bytes a sealed value's ciphertext holds (its text's UTF-8 length, plus 16). */
export const sealedBytes = (sealed: KeySealed): number => base64Bytes(sealed.ct);

// --- Taking deliveries in (the workstations) ----------------------------------------------------

/** At most this many pending deliveries in one answer. */
export const MAX_PENDING_PAGE = 200;

/** `POST /v1/intake/pending`: the deliveries no workstation has taken in yet, oldest first. */
export const pendingRequestSchema = z.strictObject({
  /** Only those after this one (the last of the previous page). */
  after: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(MAX_PENDING_PAGE).optional(),
});
export type PendingRequest = z.infer<typeof pendingRequestSchema>;

const instantMs = z.number().int().min(0).max(8.64e15);
const portalId = z.string().min(1).max(200);

/** A delivery waiting to be taken in: its metadata as the server holds it, its fields sealed. */
export const pendingDeliverySchema = z.discriminatedUnion('kind', [
  z.strictObject({
    seq: z.number().int().min(1),
    kind: z.literal('participant'),
    id: portalId,
    receivedAtMs: instantMs,
    language: z.enum(['en', 'ja']),
    sealed: z.strictObject({
      name: keySealedSchema,
      email: keySealedSchema,
      jetNumber: keySealedSchema.nullable(),
    }),
  }),
  z.strictObject({
    seq: z.number().int().min(1),
    kind: z.literal('message'),
    id: portalId,
    receivedAtMs: instantMs,
    participantId: portalId,
    threadId: portalId,
    requestedCounsellorId: portalId.nullable(),
    portalReceivedAtMs: instantMs,
    overLimit: z.boolean(),
    sealed: z.strictObject({ subject: keySealedSchema, body: keySealedSchema }),
  }),
]);
export type PendingDelivery = z.infer<typeof pendingDeliverySchema>;

export const pendingResponseSchema = z.strictObject({
  deliveries: z.array(pendingDeliverySchema),
  /** More wait after the last one. */
  more: z.boolean(),
  serverTime: z.number().int(),
});
export type PendingResponse = z.infer<typeof pendingResponseSchema>;

// --- Answers for the portal ---------------------------------------------------------------------

/** `POST /v1/portal/answers-due`: replies to portal participants not yet sealed for the portal. */
export const answersDueResponseSchema = z.strictObject({
  /** The portal's public key for answers (null: none registered; nothing can be sealed yet). */
  portalKey: publicKeySchema.nullable(),
  replies: z.array(z.strictObject({ replyId: portalId, threadId: portalId })),
  serverTime: z.number().int(),
});
export type AnswersDueResponse = z.infer<typeof answersDueResponseSchema>;

/** At most this many answers in one page for the portal. */
export const MAX_ANSWERS_PAGE = 200;

/** An answer as the portal fetches it (`GET /v1/portal/answers?after=N`): sealed to its key. */
export const portalAnswerSchema = z.strictObject({
  /** Its place in the portal's cursor: pass the last one as `after`. */
  seq: z.number().int().min(1),
  replyId: portalId,
  /** The portal's conversation and participant ids, as the portal delivered them. */
  threadId: portalId,
  participantId: portalId,
  /** When the counsellor sent it (the server's clock). */
  sentAtMs: instantMs,
  sealed: z.strictObject({ subject: keySealedSchema, body: keySealedSchema }),
});
export type PortalAnswer = z.infer<typeof portalAnswerSchema>;

export const portalAnswersResponseSchema = z.strictObject({
  answers: z.array(portalAnswerSchema),
  more: z.boolean(),
  serverTime: z.number().int(),
});
export type PortalAnswersResponse = z.infer<typeof portalAnswersResponseSchema>;

/** The portal's key file (`cli portal keys`): both halves; the private one opens its answers. */
export const PORTAL_KEY_FORMAT = 'counsellor-workstation.portal-key';
export const portalKeyFileSchema = z.strictObject({
  format: z.literal(PORTAL_KEY_FORMAT),
  version: z.literal(1),
  kid: keyIdSchema,
  publicKey: base64Schema('publicKey', 32, 32),
  /** PKCS #8, base64. */
  privateKey: base64Schema('privateKey', 40, 100),
});
export type PortalKeyFile = z.infer<typeof portalKeyFileSchema>;

/** A new portal key pair as its file holds it. */
export async function newPortalKeyFile(kid: string): Promise<PortalKeyFile> {
  const pair = await newKeyPair(kid);
  return {
    format: PORTAL_KEY_FORMAT,
    version: 1,
    kid,
    publicKey: pair.publicKey.publicKey,
    privateKey: toBase64(pair.privatePkcs8),
  };
}

/** Opens a portal key file's keys for reading answers. */
export function portalHolderOf(file: PortalKeyFile): Promise<KeyHolder> {
  return holderOf(file.kid, fromBase64(file.privateKey), fromBase64(file.publicKey));
}
