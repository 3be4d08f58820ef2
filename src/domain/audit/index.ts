/**
 * The append-only audit log's hash chain (DOMAIN.md section 7): every reveal of a JET number, every
 * export, import, change of role and change of settings. Pure; storage is in
 * src/renderer/db/repositories/audit.ts. Never put message text in an entry.
 */
export {
  AUDIT_ACTIONS,
  AUDIT_OBJECT_MAX,
  AUDIT_PROFILE_MAX,
  AUDIT_REASON_MAX,
  AuditFieldError,
  GENESIS_HASH,
  auditFieldProblems,
  canonicalAuditPayload,
  isAuditAction,
  nextEntry,
  verifyAuditChain,
  type AuditAction,
  type AuditChainVerdict,
  type AuditEntry,
  type AuditFields,
  type AuditPayloadInput,
  type HashFn,
  type RecordedAuditEntry,
} from './chain';
export {
  compareWithAnchor,
  type AnchorComparison,
  type AnchoredLog,
  type AuditAnchorReading,
} from './anchor';
export {
  AUDIT_TYPED_TEXT_MAX,
  CODED_REASON_PREFIX,
  SETTING_FIELDS,
  auditReasonSchema,
  decodeAuditReason,
  encodeAuditReason,
  type AuditReason,
  type AuditReasonCode,
  type SettingField,
  type StoredAuditReason,
} from './reasons';
