import { z } from 'zod';

/** What the page sends after each audit append: the count and the newest hash, nothing else. */
export const auditAnchorInputSchema = z.strictObject({
  count: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  head: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits'),
});

/** The audit log's anchor outside the page (src/main/services/audit-anchor.ts). */
export const auditAnchorStateSchema = z.discriminatedUnion('state', [
  /** No anchor yet (a workstation whose log has never been anchored). */
  z.strictObject({ state: z.literal('none') }),
  z.strictObject({
    state: z.literal('set'),
    count: z.number().int().min(0),
    head: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  /** The file cannot be read, or its MAC does not hold: it is left as it is. */
  z.strictObject({ state: z.literal('damaged') }),
  /** The keys are locked: the anchor cannot be checked. */
  z.strictObject({ state: z.literal('locked') }),
]);
export type AuditAnchorState = z.infer<typeof auditAnchorStateSchema>;

export const auditAnchorAdvanceSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true) }),
  z.strictObject({
    ok: z.literal(false),
    /** `rolled-back`: the anchor holds more entries, or another newest one, than the page sent. */
    reason: z.enum(['rolled-back', 'damaged', 'locked']),
  }),
]);
export type AuditAnchorAdvance = z.infer<typeof auditAnchorAdvanceSchema>;
