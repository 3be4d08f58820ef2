/**
 * Audit reasons as codes with parameters, never as sentences (issue: no English in the Japanese
 * UI). An entry records what happened as data (`{ code: 'profile-created', role, name }`), and the
 * Audit page words it in the UI's language when it shows it, so one log reads right in English
 * and in Japanese.
 *
 * Choices:
 * - The stored `reason` stays a string (the hash chain hashes strings, and entries written before
 *   hold plain sentences that must never be rewritten): a coded reason is `coded/1:` followed by
 *   its JSON with keys sorted, so the same reason always gives the same text and the chain (and
 *   the sealed reason's mark) covers every parameter.
 * - Text a person typed (a reveal's or a correction's reason) is a parameter, kept as typed.
 *   Nothing else in a reason is free text: names of profiles, counts, months, codes.
 * - A stored reason that is not a valid coded reason (every entry from before this change) is a
 *   legacy reason: shown verbatim. A legacy text that happens to start with the prefix and hold a
 *   valid coded reason would be worded; nobody typed such a text by accident.
 * - Never message text, subjects, e-mail addresses or JET numbers (DOMAIN.md section 7).
 */
import { z } from 'zod';
import { ROLES } from '../privacy/roles';
import type { SessionOutcome } from '../booking/types';
import type { OrganisationSettings } from '../settings/organisation-settings';

/** At most this many characters of typed text in a reason (a reveal's, a correction's). */
export const AUDIT_TYPED_TEXT_MAX = 500;

/** The start of a coded reason's stored text; the number is the format's version. */
export const CODED_REASON_PREFIX = 'coded/1:';

/** Every organisation setting, once: a new setting must be named here (and worded). */
const SETTING_FIELDS_TABLE = {
  serviceHours: true,
  closures: true,
  answerDeadlineBusinessDays: true,
  dueSoonServiceMinutes: true,
  sessionQuota: true,
  sessionBufferMinutes: true,
  reportSuppressionThreshold: true,
  lockAfterIdleMinutes: true,
} as const satisfies Record<keyof OrganisationSettings, true>;

export type SettingField = keyof typeof SETTING_FIELDS_TABLE;
export const SETTING_FIELDS = Object.keys(SETTING_FIELDS_TABLE) as SettingField[];

const role = z.enum(ROLES);
const name = z.string().min(1).max(200);
const count = z.number().int().nonnegative();
const typed = z.string().max(AUDIT_TYPED_TEXT_MAX);
const OUTCOMES = [
  'scheduled',
  'completed',
  'cancelled',
  'late-cancelled',
  'no-show',
] as const satisfies readonly SessionOutcome[];
const outcome = z.enum(OUTCOMES);

/** One schema per code: the stored form is checked against it when read back. */
export const auditReasonSchema = z.discriminatedUnion('code', [
  // Profiles and roles.
  z.strictObject({ code: z.literal('profile-created'), role, name }),
  z.strictObject({ code: z.literal('profile-removed'), name }),
  z.strictObject({ code: z.literal('credential-set'), name }),
  z.strictObject({ code: z.literal('role-switched'), from: role, to: role, name }),
  z.strictObject({ code: z.literal('role-confirmed'), role, name }),
  z.strictObject({
    code: z.literal('role-switch-refused'),
    refusal: z.enum(['wrong-secret', 'no-credential', 'locked-out', 'account-ended']),
    from: role,
    to: role,
    name,
  }),
  // Settings.
  z.strictObject({
    code: z.literal('settings-saved'),
    /** The settings changed; none: saved unchanged. */
    fields: z.array(z.enum(SETTING_FIELDS as [SettingField, ...SettingField[]])),
  }),
  z.strictObject({
    code: z.literal('update-settings-saved'),
    /** Updates turned on or off; null: left as they were. */
    enabled: z.boolean().nullable(),
    feedChanged: z.boolean(),
  }),
  // Exports, imports, backups.
  z.strictObject({
    code: z.literal('session-log-exported'),
    view: z.enum(['upcoming', 'waiting', 'past', 'all']),
    /** Only one counsellor's sessions (who is not said). */
    counsellorFiltered: z.boolean(),
    outcome: outcome.nullable(),
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
      .nullable(),
  }),
  z.strictObject({
    code: z.literal('report-exported'),
    format: z.enum(['csv', 'xlsx', 'pdf']),
    threshold: count,
    byCounsellor: z.boolean(),
    rows: count,
  }),
  z.strictObject({ code: z.literal('import-started'), total: count }),
  z.strictObject({
    code: z.literal('import-finished'),
    added: count,
    invalid: count,
    conflicts: count,
  }),
  z.strictObject({
    code: z.literal('import-resumed'),
    stored: count,
    total: count,
    threadsUpdated: count,
  }),
  z.strictObject({ code: z.literal('backup-exported'), records: count }),
  z.strictObject({ code: z.literal('backup-restored'), records: count }),
  // Keys.
  z.strictObject({ code: z.literal('passphrase-changed') }),
  z.strictObject({ code: z.literal('key-rotated'), resealed: count, unreadable: count }),
  // What a person typed.
  z.strictObject({ code: z.literal('jet-number-revealed'), text: typed }),
  z.strictObject({
    code: z.literal('outcome-corrected'),
    from: outcome,
    to: outcome,
    text: typed,
  }),
]);

export type AuditReason = z.infer<typeof auditReasonSchema>;
export type AuditReasonCode = AuditReason['code'];

/** JSON with every object's keys sorted: the same value always gives the same text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The stored text of a coded reason (checked: a reason the schema refuses throws). */
export function encodeAuditReason(reason: AuditReason): string {
  return `${CODED_REASON_PREFIX}${canonicalJson(auditReasonSchema.parse(reason))}`;
}

/** A stored reason read back: coded (worded by the page) or legacy (a sentence, shown as is). */
export type StoredAuditReason =
  { kind: 'coded'; reason: AuditReason } | { kind: 'legacy'; text: string };

export function decodeAuditReason(stored: string): StoredAuditReason {
  if (!stored.startsWith(CODED_REASON_PREFIX)) return { kind: 'legacy', text: stored };
  try {
    const parsed = auditReasonSchema.safeParse(
      JSON.parse(stored.slice(CODED_REASON_PREFIX.length)),
    );
    if (parsed.success) return { kind: 'coded', reason: parsed.data };
  } catch {
    // Not JSON: shown as it is.
  }
  return { kind: 'legacy', text: stored };
}
