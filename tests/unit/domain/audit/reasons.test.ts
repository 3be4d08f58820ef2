import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AUDIT_REASON_MAX,
  AUDIT_TYPED_TEXT_MAX,
  CODED_REASON_PREFIX,
  decodeAuditReason,
  encodeAuditReason,
  nextEntry,
  verifyAuditChain,
  type AuditEntry,
  type AuditReason,
} from '../../../../src/domain/audit';

const sha256 = (text: string) =>
  Promise.resolve(createHash('sha256').update(text, 'utf8').digest('hex'));

describe('coded audit reasons', () => {
  it('are stored as the prefix and JSON with sorted keys, whatever order the caller wrote', () => {
    const a = encodeAuditReason({ code: 'profile-created', role: 'supervisor', name: 'Kim' });
    const b = encodeAuditReason({ name: 'Kim', role: 'supervisor', code: 'profile-created' });
    expect(a).toBe(b);
    expect(a).toBe(
      `${CODED_REASON_PREFIX}{"code":"profile-created","name":"Kim","role":"supervisor"}`,
    );
  });

  it('read back as the same reason, typed text kept as typed', () => {
    const reasons: AuditReason[] = [
      { code: 'jet-number-revealed', text: '本人確認のため "referral"\nline 2' },
      { code: 'outcome-corrected', from: 'no-show', to: 'completed', text: 'Came late' },
      { code: 'settings-saved', fields: ['closures', 'answerDeadlineBusinessDays'] },
      {
        code: 'session-log-exported',
        view: 'all',
        counsellorFiltered: true,
        outcome: null,
        month: '2026-11',
      },
      { code: 'update-settings-saved', enabled: null, feedChanged: true },
      { code: 'passphrase-changed' },
    ];
    for (const reason of reasons) {
      expect(decodeAuditReason(encodeAuditReason(reason))).toEqual({ kind: 'coded', reason });
    }
  });

  it('pass a legacy sentence (or anything not a valid coded reason) through unchanged', () => {
    for (const text of [
      'created supervisor profile: Kim',
      '',
      'coded/1:not json',
      'coded/1:{"code":"no-such-code"}',
      'coded/1:{"code":"profile-removed","name":"Kim","extra":1}',
      '{"code":"profile-removed","name":"Kim"}',
    ]) {
      expect(decodeAuditReason(text)).toEqual({ kind: 'legacy', text });
    }
  });

  it('refuse parameters the schema does not allow', () => {
    expect(() =>
      encodeAuditReason({
        code: 'jet-number-revealed',
        text: 'x'.repeat(AUDIT_TYPED_TEXT_MAX + 1),
      }),
    ).toThrow();
    expect(() => encodeAuditReason({ code: 'import-started', total: -1 } as AuditReason)).toThrow();
    // The longest typed text, all escapes, still fits the stored reason's limit.
    const worst = encodeAuditReason({
      code: 'outcome-corrected',
      from: 'late-cancelled',
      to: 'late-cancelled',
      text: '"'.repeat(AUDIT_TYPED_TEXT_MAX),
    });
    expect(worst.length).toBeLessThanOrEqual(AUDIT_REASON_MAX);
  });

  it('are covered by the hash chain: a changed parameter breaks it, legacy entries still verify', async () => {
    const entries: AuditEntry[] = [];
    const fields = [
      { reason: 'created supervisor profile: Kim' },
      { reason: encodeAuditReason({ code: 'profile-removed', name: 'Kim' }) },
      { reason: encodeAuditReason({ code: 'backup-exported', records: 12 }) },
    ];
    for (const [i, f] of fields.entries()) {
      entries.push(
        await nextEntry(
          entries.at(-1) ?? null,
          { atMs: 1_000 + i, profile: 'Lee', action: 'role-change', object: 'profile:x', ...f },
          sha256,
        ),
      );
    }
    expect(await verifyAuditChain(entries, sha256)).toEqual({ ok: true, count: 3 });
    const edited = entries.map((e, i) =>
      i === 2 ? { ...e, reason: encodeAuditReason({ code: 'backup-exported', records: 13 }) } : e,
    );
    expect(await verifyAuditChain(edited, sha256)).toEqual({
      ok: false,
      brokenAt: 3,
      reason: 'edited',
    });
  });
});
