/**
 * The Content-Security-Policy of the page, sent as a header by the Electron protocol handler and
 * by the browser host, and repeated in `src/renderer/index.html` (a test checks they agree).
 *
 * - Scripts only from the app itself; no eval, no inline script.
 * - `connect-src 'self'`: the page talks to nothing but the app (the browser host's bridge is
 *   same-origin; under Electron the bridge is IPC, not a connection).
 * - Styles: Mantine writes its CSS variables into a `<style>` element and sets CSS variables in
 *   `style` attributes, so `style-src` needs `'unsafe-inline'`. Inline styles cannot run code, and
 *   with no way to load remote images, fonts or connections they cannot send data anywhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Headers for every response that carries the app. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
};
