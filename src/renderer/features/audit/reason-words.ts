/**
 * An audit entry's reason in the UI's language. New entries hold a code with parameters
 * (src/domain/audit/reasons), worded here; entries from before hold a sentence, shown as it was
 * written (it is hash-chained and never rewritten). Text a person typed is shown as typed.
 */
import type { TFunction } from 'i18next';
import { decodeAuditReason, type AuditReason } from '../../../domain/audit';

function list(items: readonly string[], language: string): string {
  return new Intl.ListFormat(language === 'ja' ? 'ja-JP' : 'en-GB', {
    type: 'conjunction',
  }).format(items);
}

function wordCoded(reason: AuditReason, t: TFunction, language: string): string {
  const role = (r: 'co' | 'counsellor' | 'supervisor') => t(`profiles.roles.${r}`);
  switch (reason.code) {
    case 'profile-created':
      return t('audit.reasonWords.profileCreated', { name: reason.name, role: role(reason.role) });
    case 'profile-removed':
      return t('audit.reasonWords.profileRemoved', { name: reason.name });
    case 'credential-set':
      return t('audit.reasonWords.credentialSet', { name: reason.name });
    case 'role-switched':
      return t('audit.reasonWords.roleSwitched', {
        from: role(reason.from),
        to: role(reason.to),
        name: reason.name,
      });
    case 'role-confirmed':
      return t('audit.reasonWords.roleConfirmed', { role: role(reason.role), name: reason.name });
    case 'role-switch-refused':
      return t('audit.reasonWords.roleSwitchRefused', {
        from: role(reason.from),
        to: role(reason.to),
        refusal: t(`audit.reasonWords.refusals.${reason.refusal}`),
        name: reason.name,
      });
    case 'settings-saved':
      return reason.fields.length === 0
        ? t('audit.reasonWords.settingsUnchanged')
        : t('audit.reasonWords.settingsSaved', {
            fields: list(
              reason.fields.map((f) => t(`audit.reasonWords.settingFields.${f}`)),
              language,
            ),
          });
    case 'update-settings-saved': {
      const changes = [
        ...(reason.enabled === null
          ? []
          : [t(reason.enabled ? 'audit.reasonWords.updatesOn' : 'audit.reasonWords.updatesOff')]),
        ...(reason.feedChanged ? [t('audit.reasonWords.updateFeedChanged')] : []),
      ];
      return changes.length === 0
        ? t('audit.reasonWords.updatesUnchanged')
        : t('audit.reasonWords.updatesSaved', { changes: list(changes, language) });
    }
    case 'session-log-exported': {
      const filters = [
        t(`audit.reasonWords.sessionViews.${reason.view}`),
        ...(reason.counsellorFiltered ? [t('audit.reasonWords.oneCounsellor')] : []),
        ...(reason.outcome === null ? [] : [t(`sessions.outcomes.${reason.outcome}`)]),
        ...(reason.month === null ? [] : [t('audit.reasonWords.month', { month: reason.month })]),
      ];
      return t('audit.reasonWords.sessionLogExported', { filters: list(filters, language) });
    }
    case 'report-exported':
      return t(
        reason.byCounsellor
          ? 'audit.reasonWords.reportExportedByCounsellor'
          : 'audit.reasonWords.reportExported',
        { format: reason.format.toUpperCase(), threshold: reason.threshold, count: reason.rows },
      );
    case 'import-started':
      return t('audit.reasonWords.importStarted', { count: reason.total });
    case 'import-finished':
      return t('audit.reasonWords.importFinished', {
        added: reason.added,
        invalid: reason.invalid,
        conflicts: reason.conflicts,
      });
    case 'import-resumed':
      return t('audit.reasonWords.importResumed', {
        stored: reason.stored,
        total: reason.total,
        threads: reason.threadsUpdated,
      });
    case 'backup-exported':
      return t('audit.reasonWords.backupExported', { count: reason.records });
    case 'backup-restored':
      return t('audit.reasonWords.backupRestored', { count: reason.records });
    case 'passphrase-changed':
      return t('audit.reasonWords.passphraseChanged');
    case 'key-rotated':
      return t('audit.reasonWords.keyRotated', {
        resealed: reason.resealed,
        unreadable: reason.unreadable,
      });
    case 'jet-number-revealed':
      return reason.text;
    case 'outcome-corrected':
      return t('audit.reasonWords.outcomeCorrected', {
        from: t(`sessions.outcomes.${reason.from}`),
        to: t(`sessions.outcomes.${reason.to}`),
        text: reason.text,
      });
    default: {
      const unknown: never = reason;
      return String(unknown);
    }
  }
}

/** The stored reason (as the audit repository lists it) in the UI's language. */
export function auditReasonWords(stored: string, t: TFunction, language: string): string {
  const decoded = decodeAuditReason(stored);
  return decoded.kind === 'coded' ? wordCoded(decoded.reason, t, language) : decoded.text;
}
