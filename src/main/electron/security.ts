/**
 * Process-wide security guards, installed once before the first window:
 * - every web contents stays on the app: navigations and redirects elsewhere are cancelled,
 *   `window.open` never creates a window (allow-listed https links open in the user's browser),
 *   `<webview>` never attaches;
 * - every permission is denied (only its name is logged);
 * - the default session refuses every request that does not go to the app (the page has no
 *   network of its own; the CSP says the same, this is the second line). Main-process network
 *   code must therefore use Node's fetch or its own session, not `net.fetch` on the default one.
 */
import type { App, Session, Shell, WebContents } from 'electron';
import { errorKind, type Logger } from '../services/logger';
import { isAllowedExternalUrl, isAllowedRequestUrl, isAppUrl } from './guards';

export type GuardedApp = Pick<App, 'on'>;
export type GuardedSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'webRequest'
>;
export type ExternalOpener = Pick<Shell, 'openExternal'>;
export type GuardedWebContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** The only permissions the app's page may have. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications']);

/** The scheme of a URL for a log line (never the URL itself), or `unparsable`. */
function schemeOf(url: string): string {
  try {
    return new URL(url).protocol.replace(/:$/, '');
  } catch {
    return 'unparsable';
  }
}

export function guardWebContents(
  contents: GuardedWebContents,
  trustedOrigins: readonly string[],
  log: Logger,
  shell: ExternalOpener,
): void {
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url, trustedOrigins)) return;
    event.preventDefault();
    log.warn('navigation.blocked', { reason: 'will-navigate', scheme: schemeOf(event.url) });
  });
  contents.on('will-redirect', (event) => {
    if (isAppUrl(event.url, trustedOrigins)) return;
    event.preventDefault();
    log.warn('navigation.blocked', { reason: 'will-redirect', scheme: schemeOf(event.url) });
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('webview.blocked');
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) {
      log.info('window-open.external', { scheme: 'https' });
      shell.openExternal(url).catch((error: unknown) => {
        log.warn('window-open.external-failed', { kind: errorKind(error) });
      });
    } else {
      log.warn('window-open.denied', { scheme: schemeOf(url) });
    }
    return { action: 'deny' };
  });
}

export function installSecurityGuards(
  app: GuardedApp,
  session: GuardedSession,
  trustedOrigins: readonly string[],
  log: Logger,
  shell: ExternalOpener,
): void {
  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, trustedOrigins, log, shell);
  });

  // Deny by default. The one exception: desktop notifications for the app's own page (the queue's
  // due-soon and overdue notices, which carry counts only).
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    const allowed =
      ALLOWED_PERMISSIONS.has(permission) && isAppUrl(details.requestingUrl, trustedOrigins);
    if (!allowed) log.warn('permission.denied', { permission });
    callback(allowed);
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) => {
    const allowed =
      ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingOrigin, trustedOrigins);
    if (!allowed) log.debug('permission.check-denied', { permission });
    return allowed;
  });

  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequestUrl(details.url, trustedOrigins);
    if (!allowed) {
      log.warn('request.blocked', { scheme: schemeOf(details.url), kind: details.resourceType });
    }
    callback({ cancel: !allowed });
  });
}
