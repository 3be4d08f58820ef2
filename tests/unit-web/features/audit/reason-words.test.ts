/** Audit reasons worded in the UI's language (both), and legacy sentences shown as stored. */
import { describe, expect, it } from 'vitest';
import { encodeAuditReason, type AuditReason } from '../../../../src/domain/audit';
import { auditReasonWords } from '../../../../src/renderer/features/audit/reason-words';
import { tEn, tJa } from '../../i18n-fixture';

const t = { en: tEn, ja: tJa };

const words = (reason: AuditReason, language: 'en' | 'ja') =>
  auditReasonWords(encodeAuditReason(reason), t[language], language);

/** One of every code, with parameters that need no translation (names, typed text). */
const EVERY: AuditReason[] = [
  { code: 'profile-created', role: 'supervisor', name: 'Kim' },
  { code: 'profile-removed', name: 'Kim' },
  { code: 'credential-set', name: 'Kim' },
  { code: 'role-switched', from: 'counsellor', to: 'supervisor', name: 'Kim' },
  { code: 'role-confirmed', role: 'supervisor', name: 'Kim' },
  {
    code: 'role-switch-refused',
    refusal: 'wrong-secret',
    from: 'co',
    to: 'supervisor',
    name: 'Kim',
  },
  { code: 'settings-saved', fields: ['closures', 'answerDeadlineBusinessDays'] },
  { code: 'settings-saved', fields: [] },
  { code: 'update-settings-saved', enabled: true, feedChanged: true },
  { code: 'update-settings-saved', enabled: null, feedChanged: false },
  {
    code: 'session-log-exported',
    view: 'past',
    counsellorFiltered: true,
    outcome: 'no-show',
    month: '2026-11',
  },
  { code: 'report-exported', format: 'xlsx', threshold: 10, byCounsellor: true, rows: 24 },
  { code: 'import-started', total: 1 },
  { code: 'import-finished', added: 5, invalid: 1, conflicts: 0 },
  { code: 'import-resumed', stored: 3, total: 4, threadsUpdated: 2 },
  { code: 'backup-exported', records: 40 },
  { code: 'backup-restored', records: 40 },
  { code: 'passphrase-changed' },
  { code: 'key-rotated', resealed: 9, unreadable: 0 },
  { code: 'jet-number-revealed', text: 'Kim' },
  { code: 'outcome-corrected', from: 'no-show', to: 'completed', text: 'Kim' },
];

describe('audit reason words', () => {
  it('word each code in English', () => {
    expect(words(EVERY[0]!, 'en')).toBe('Profile “Kim” added as Supervisor');
    expect(words(EVERY[5]!, 'en')).toBe(
      'Switch from CO view to Supervisor refused (wrong credential or passphrase): “Kim”',
    );
    expect(words(EVERY[6]!, 'en')).toBe('Changed: closures and answer deadline');
    expect(words(EVERY[7]!, 'en')).toBe('Saved without changes');
    expect(words(EVERY[10]!, 'en')).toBe(
      'Session log exported as CSV (past sessions, one counsellor, No-show and month 2026-11), JET numbers masked',
    );
    expect(words(EVERY[11]!, 'en')).toBe(
      'Anonymised report exported as XLSX (T = 10, by counsellor, 24 rows)',
    );
    expect(words(EVERY[12]!, 'en')).toBe('Import started: 1 record to store');
    expect(words(EVERY[20]!, 'en')).toBe('No-show → Completed: Kim');
  });

  it('word each code in Japanese, with no English left but names, typed text and codes', () => {
    expect(words(EVERY[0]!, 'ja')).toBe('プロファイル「Kim」をスーパーバイザーとして追加');
    expect(words(EVERY[6]!, 'ja')).toBe('変更: 組織の休業日、回答期限');
    expect(words(EVERY[20]!, 'ja')).toBe('無断欠席 → 実施済み: Kim');
    for (const reason of EVERY) {
      const text = words(reason, 'ja');
      // Latin letters left: the name "Kim", a file format, T, CSV/JET/CO.
      const latin = (text.match(/[A-Za-z]+/g) ?? []).filter(
        (w) => !['Kim', 'XLSX', 'T', 'CSV', 'JET', 'CO'].includes(w),
      );
      expect(latin, `${reason.code}: ${text}`).toEqual([]);
      expect(text).not.toContain('{{');
      expect(text).not.toMatch(/audit\.reasonWords/);
    }
  });

  it('word every code in English without a missing key', () => {
    for (const reason of EVERY) {
      const text = words(reason, 'en');
      expect(text).not.toContain('{{');
      expect(text).not.toMatch(/audit\.reasonWords|profiles\.roles|sessions\.outcomes/);
    }
  });

  it('keep typed text as typed', () => {
    const typed = 'Confirming identity for a referral: 本人確認';
    expect(words({ code: 'jet-number-revealed', text: typed }, 'ja')).toBe(typed);
    expect(words({ code: 'jet-number-revealed', text: typed }, 'en')).toBe(typed);
  });

  it('show a legacy (pre-code) reason exactly as it was stored, in either language', () => {
    const legacy = 'created supervisor profile: Kim';
    expect(auditReasonWords(legacy, t.ja, 'ja')).toBe(legacy);
    expect(auditReasonWords(legacy, t.en, 'en')).toBe(legacy);
    expect(auditReasonWords('coded/1:{broken', t.ja, 'ja')).toBe('coded/1:{broken');
  });
});
