/** Set at build time by electron.vite.config.ts (`define`); absent when not built by it. */
declare const __CW_SIGNED_BUILD__: boolean | undefined;
