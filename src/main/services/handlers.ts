/** Binds the bridge's channels to the services. Shared by Electron and the browser host. */
import type { BridgeHandlers } from '../../bridge/contract';
import type { AppInfo } from '../../bridge/schemas/app';
import type { ExportFiles } from './export-files';
import type { HolidaySource } from './holiday-source';
import type { KeyStore } from './key-store';
import type { RoleCredentials } from './role-credentials';
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
  exports: ExportFiles;
  /** The role proven here (supervisors' own credentials): what protected channels check. */
  roles: RoleCredentials;
  /** The demo dataset to offer on a first start (browser host `--demo`), or null. */
  demoDataset?: () => Promise<string | null>;
}

export function createBridgeHandlers(context: ServiceContext): BridgeHandlers {
  return {
    'app.info': () => context.appInfo,
    'settings.get': () => context.settings.load(),
    'settings.update': (settings) => {
      // The organisation's rules are a supervisor's: the role the main process proved, not one
      // the page claims. The input was already checked against the same rules as the form.
      context.roles.requireSupervisor("change the organisation's rules");
      return context.settings.save(settings);
    },
    'calendar.holidays': () => context.holidays.load(),
    'demo.dataset': async () => ({
      text: context.demoDataset ? await context.demoDataset() : null,
    }),
    'passphrase.status': () => context.keyStore.status(),
    'passphrase.create': ({ passphrase }) => context.keyStore.create(passphrase),
    'passphrase.verify': ({ passphrase }) => context.keyStore.verify(passphrase),
    'passphrase.change': ({ current, next }) => context.keyStore.changePassphrase(current, next),
    'vault.unlock': ({ passphrase, backup }) =>
      backup === undefined || passphrase === null
        ? context.keyStore.unlock(passphrase)
        : context.keyStore.unlockBackup(backup, passphrase),
    'vault.lock': () => {
      context.roles.lock();
      return context.keyStore.lock();
    },
    'backup.save': (input) => saveBackup(context, input),
    'vault.rotate': ({ passphrase }) => context.keyStore.beginRotation(passphrase),
    'vault.retire': ({ passphrase, keep }) => context.keyStore.retireKeys(passphrase, keep),
    'export.save': (input) => context.exports.save(input),
    'role.status': () => context.roles.status(),
    'role.switch': ({ profileId, role, secret }) => context.roles.switchTo(profileId, role, secret),
    'credential.set': ({ profileId, credential, passphrase }) =>
      context.roles.setCredential(profileId, credential, passphrase),
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
