/** Binds the bridge's channels to the services. Shared by Electron and the browser host. */
import type { BridgeHandlers } from '../../bridge/contract';
import type { AppInfo } from '../../bridge/schemas/app';
import type { AuditAnchorStore } from './audit-anchor';
import type { ExportFiles } from './export-files';
import type { HolidaySource } from './holiday-source';
import type { KeyStore } from './key-store';
import { auditPublishedReport } from '../../domain/reports';
import { BridgeFailure } from '../../bridge/errors';
import { saveBackup } from './backup';
import { renderReportCsv, renderReportPdf, renderReportXlsx } from './report-files';
import type { SettingsStore } from './settings-store';

export interface ServiceContext {
  appInfo: AppInfo;
  settings: SettingsStore;
  holidays: HolidaySource;
  keyStore: KeyStore;
  /** The audit log's anchor beside the key store (issue 13). */
  auditAnchor: AuditAnchorStore;
  exports: ExportFiles;
  /** The demo dataset to offer on a first start (browser host `--demo`), or null. */
  demoDataset?: () => Promise<string | null>;
}

export function createBridgeHandlers(context: ServiceContext): BridgeHandlers {
  return {
    'app.info': () => context.appInfo,
    'settings.get': () => context.settings.load(),
    'settings.update': (settings) => context.settings.save(settings),
    'calendar.holidays': () => context.holidays.load(),
    'demo.dataset': async () => ({
      text: context.demoDataset ? await context.demoDataset() : null,
    }),
    'passphrase.status': () => context.keyStore.status(),
    'passphrase.create': ({ passphrase }) => context.keyStore.create(passphrase),
    'passphrase.verify': ({ passphrase }) => context.keyStore.verify(passphrase),
    'passphrase.change': ({ current, next }) => context.keyStore.changePassphrase(current, next),
    'vault.unlock': async ({ passphrase, backup }) => {
      if (backup !== undefined && passphrase !== null)
        return context.keyStore.unlockBackup(backup, passphrase);
      const result = await context.keyStore.unlock(passphrase);
      // The workstation's own keys (never a backup's) key the audit anchor until the next lock.
      if (result.ok) context.auditAnchor.useKey(result.keys.indexKey);
      return result;
    },
    'vault.lock': () => {
      context.auditAnchor.forgetKey();
      return context.keyStore.lock();
    },
    'audit.anchor': () => context.auditAnchor.read(),
    'audit.advance': ({ count, head }) => context.auditAnchor.advance(count, head),
    'backup.save': (input) => saveBackup(context, input),
    'vault.rotate': ({ passphrase }) => context.keyStore.beginRotation(passphrase),
    'vault.retire': ({ passphrase, keep }) => context.keyStore.retireKeys(passphrase, keep),
    'export.save': (input) => context.exports.save(input),
    'report.export': async ({ format, report, suggestedName, earlier, language }) => {
      // The last gate before a file for CLAIR exists: no suppressed count may be worked back
      // from what the file would publish, together with the earlier releases it overlaps (the
      // page's suppression is checked, not trusted).
      const audit = auditPublishedReport(report, earlier ?? []);
      if (!audit.ok)
        throw new BridgeFailure(
          'failed',
          'The report was not exported: a suppressed count could be worked out from it.',
        );
      // Rendered first, so that a report that cannot be rendered fails before the save dialog.
      if (format === 'csv')
        return context.exports.save({ kind: format, suggestedName, text: renderReportCsv(report) });
      const bytes =
        format === 'xlsx'
          ? await renderReportXlsx(report)
          : await renderReportPdf(report, { language: language ?? 'en' });
      return context.exports.save({ kind: format, suggestedName, bytes });
    },
  };
}
