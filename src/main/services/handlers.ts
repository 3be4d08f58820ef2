/** Binds the bridge's channels to the services. Shared by Electron and the browser host. */
import type { BridgeHandlers } from '../../bridge/contract';
import type { AppInfo } from '../../bridge/schemas/app';
import type { AuditAnchorStore } from './audit-anchor';
import type { ExportFiles } from './export-files';
import type { HolidaySource } from './holiday-source';
import type { KeyStore } from './key-store';
import type { Logger } from './logger';
import type { RoleCredentials } from './role-credentials';
import { BridgeFailure, reason } from '../../bridge/errors';
import { newerAnchor } from '../../domain/audit/anchor';
import { saveBackup } from './backup';
import { createEnrolmentService, type EnrolmentService } from './sync-enrolment';
import { createOffLoopRunner, type OffLoopRunner } from './off-loop';
import type { SettingsStore } from './settings-store';
import type { SyncTransport } from './sync-transport';
import type { UpdateSettingsStore } from './update-settings-store';

/**
 * How long a report export may take (its audit and rendering, in a worker): a crafted report whose
 * every cell is suppressed would otherwise keep the audit busy for minutes.
 */
export const REPORT_EXPORT_TIME_LIMIT_MS = 60_000;

export interface ServiceContext {
  appInfo: AppInfo;
  settings: SettingsStore;
  holidays: HolidaySource;
  keyStore: KeyStore;
  /** The audit log's anchor beside the key store (issue 13). */
  auditAnchor: AuditAnchorStore;
  exports: ExportFiles;
  /** The role proven here (supervisors' own credentials): what protected channels check. */
  roles: RoleCredentials;
  /**
   * The update settings (issue 17 §3). Where a host has none, they read as off and cannot be
   * changed.
   */
  updateSettings?: UpdateSettingsStore;
  /** The demo dataset to offer on a first start (browser host `--demo`), or null. */
  demoDataset?: () => Promise<string | null>;
  /** Records that the page has stored the whole demo (browser host `--demo`). */
  demoSeeded?: () => Promise<void>;
  /** Runs heavy work off the event loop (default: one worker thread at a time). */
  offLoop?: OffLoopRunner;
  /** The report export's time limit (tests shorten it). */
  reportExportTimeLimitMs?: number;
  /**
   * The sync transport (issue 15): unlocked with the key store's index key, locked with it.
   * Where a host has none, the sync channels answer `sync-unavailable`.
   */
  sync?: SyncTransport;
  /** The process's logger (enrolment events: names and codes only). */
  log?: Logger;
}

const SILENT: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export function createBridgeHandlers(context: ServiceContext): BridgeHandlers {
  const offLoop = context.offLoop ?? createOffLoopRunner();
  const sync = (): SyncTransport => {
    if (!context.sync)
      throw new BridgeFailure(
        'failed',
        'This host has no sync transport.',
        [],
        reason('sync-unavailable'),
      );
    return context.sync;
  };
  let enrolments: EnrolmentService | null = null;
  const enrolment = (): EnrolmentService =>
    (enrolments ??= createEnrolmentService({
      keyStore: context.keyStore,
      sync: sync(),
      log: context.log ?? SILENT,
    }));
  return {
    'app.info': () => context.appInfo,
    'settings.get': () => context.settings.load(),
    'settings.update': (settings) => {
      // The organisation's rules are a supervisor's: the role the main process proved, not one
      // the page claims. The input was already checked against the same rules as the form.
      context.roles.requireSupervisor('change-rules');
      return context.settings.save(settings);
    },
    'calendar.holidays': () => context.holidays.load(),
    'demo.dataset': async () => ({
      text: context.demoDataset ? await context.demoDataset() : null,
    }),
    'demo.seeded': async () => {
      if (!context.demoSeeded) return { recorded: false };
      await context.demoSeeded();
      return { recorded: true };
    },
    'passphrase.status': () => context.keyStore.status(),
    'passphrase.create': ({ passphrase }) => context.keyStore.create(passphrase),
    'passphrase.verify': ({ passphrase }) => context.keyStore.verify(passphrase),
    'passphrase.change': ({ current, next }) => context.keyStore.changePassphrase(current, next),
    'vault.unlock': async ({ passphrase, backup }) => {
      if (backup !== undefined && passphrase !== null)
        return context.keyStore.unlockBackup(backup, passphrase);
      const result = await context.keyStore.unlock(passphrase);
      // The workstation's own keys (never a backup's) key the audit anchor until the next lock,
      // and open the sync connection sealed under them.
      // After an enrolment, the workstation's own index key keys them (docs/security.md).
      if (result.ok) {
        const ownIndexKey = result.keys.localIndexKey ?? result.keys.indexKey;
        context.auditAnchor.useKey(ownIndexKey);
        await context.sync?.useKey(ownIndexKey);
      }
      return result;
    },
    'vault.lock': () => {
      context.auditAnchor.forgetKey();
      context.sync?.lock();
      context.roles.lock();
      return context.keyStore.lock();
    },
    // The newer of the anchor beside the key store and the one the sync server holds.
    'audit.anchor': async () => {
      const local = await context.auditAnchor.read();
      const server = context.sync?.serverAuditAnchor() ?? null;
      return newerAnchor(local, server && { count: server.count, head: server.hash });
    },
    'audit.advance': async ({ count, head }) => {
      const result = await context.auditAnchor.advance(count, head);
      if (result.ok) context.sync?.auditAnchorAdvanced();
      return result;
    },
    'backup.save': (input) => saveBackup({ ...context, offLoop }, input),
    'vault.rotate': ({ passphrase }) => context.keyStore.beginRotation(passphrase),
    'vault.retire': ({ passphrase, keep }) => context.keyStore.retireKeys(passphrase, keep),
    'export.save': (input) => {
      // The session log's rows leave the workstation: only a role the main process proved may
      // export them (a supervisor; never a CO view), whatever the page shows.
      context.roles.requireCapability('export-session-log', 'export-session-log');
      return context.exports.save(input);
    },
    'role.status': () => context.roles.status(),
    'role.switch': ({ profileId, role, secret }) => context.roles.switchTo(profileId, role, secret),
    'credential.set': ({ profileId, credential, passphrase }) =>
      context.roles.setCredential(profileId, credential, passphrase),
    'updates.get': async () =>
      context.updateSettings
        ? context.updateSettings.load()
        : { settings: { enabled: false, feedUrl: null }, source: 'defaults', problem: null },
    'updates.set': (settings) => {
      // Whether this workstation calls an update feed is a supervisor's decision, from the role
      // the main process proved; a refusal writes nothing.
      context.roles.requireSupervisor('change-update-settings');
      if (!context.updateSettings)
        throw new BridgeFailure(
          'failed',
          'This host keeps no update settings.',
          [],
          reason('no-update-settings'),
        );
      return context.updateSettings.save(settings);
    },
    'sync.status': () => sync().status(),
    'sync.signIn': async ({ profileId, ...input }) => {
      const status = await sync().signIn(input);
      const account = sync().signedInAccount();
      // The person has just proven the account's password to the server: the profile is theirs.
      if (profileId !== undefined && account !== null)
        await context.roles.tieAccount(profileId, account, input.password);
      return status;
    },
    'sync.signOut': () => sync().signOut(),
    'sync.push': ({ mutations }) => sync().push(mutations),
    'sync.pull': (request) => sync().pull(request),
    'sync.waitForChange': ({ timeoutMs }) => sync().waitForChange(timeoutMs),
    'sync.wake': () => sync().wake(),
    'sync.issueEnrolment': (input) => enrolment().issue(input),
    'sync.claimEnrolment': (input) => enrolment().claim(input),
    'sync.intakeKey': ({ publish }) => sync().intakeKey(publish ?? null),
    'sync.intakePending': (request) => sync().intakePending(request),
    'sync.portalAnswersDue': () => sync().portalAnswersDue(),
    'report.export': async ({ format, report, suggestedName, earlier, language }) => {
      // A report for CLAIR is exported by a proven supervisor only; refused before any work.
      context.roles.requireCapability('export-report', 'export-report');
      // The audit (the last gate before a file for CLAIR exists: no suppressed count may be
      // worked back from it and the earlier releases it overlaps; the page's suppression is
      // checked, not trusted) and the rendering run in a worker, within a time limit. Rendered
      // before the save dialog, so that a report that cannot be made fails first.
      const limitMs = context.reportExportTimeLimitMs ?? REPORT_EXPORT_TIME_LIMIT_MS;
      const result = await offLoop.run(
        { kind: 'report-file', format, report, earlier: earlier ?? [], language: language ?? 'en' },
        { timeoutMs: limitMs },
      );
      if (!result.ok) throw reportExportRefusal(result.reason, limitMs);
      if ('text' in result)
        return context.exports.save({ kind: 'csv', suggestedName, text: result.text });
      if (!('bytes' in result)) throw reportExportRefusal('crashed', limitMs);
      return context.exports.save({ kind: format, suggestedName, bytes: result.bytes });
    },
  };
}

function reportExportRefusal(why: string, limitMs: number): BridgeFailure {
  switch (why) {
    case 'audit':
      return new BridgeFailure(
        'failed',
        'The report was not exported: a suppressed count could be worked out from it.',
        [],
        reason('report-not-safe'),
      );
    case 'timeout':
      return new BridgeFailure(
        'failed',
        `The report was not exported: checking it took longer than ${limitMs / 1000} s. ` +
          'Export fewer months, or without the breakdown by counsellor.',
        [],
        reason('report-timeout', { seconds: limitMs / 1000 }),
      );
    case 'busy':
      return new BridgeFailure(
        'failed',
        'The report was not exported: another report is being exported. Try again when it is done.',
        [],
        reason('report-busy'),
      );
    default:
      return new BridgeFailure(
        'failed',
        'The report was not exported: making the file failed.',
        [],
        reason('report-failed'),
      );
  }
}
