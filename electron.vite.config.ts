import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/**
 * In `electron-vite dev` the page comes from Vite's dev server, whose React refresh preamble is an
 * inline script and whose hot reload uses a WebSocket: loosen the meta CSP for the dev server
 * only. Built files (everything users and tests run) keep the strict policy.
 */
function devCspPlugin(): Plugin {
  return {
    name: 'cw-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws: http://localhost:*");
    },
  };
}

export default defineConfig({
  main: {
    // Whether this build is signed (issue 17 §3: only a signed build may update itself). The
    // release workflow sets CW_SIGNED_BUILD=true when the signing secrets are present.
    define: { __CW_SIGNED_BUILD__: JSON.stringify(process.env.CW_SIGNED_BUILD === 'true') },
    build: {
      lib: {
        entry: {
          index: resolve('src/main/electron/index.ts'),
          // Heavy work of bridge calls runs in this worker thread (src/main/services/off-loop.ts).
          'off-loop-worker': resolve('src/main/services/off-loop-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot be an ES module: one self-contained CommonJS file.
      externalizeDeps: false,
      lib: { entry: resolve('src/preload/index.ts'), formats: ['cjs'] },
      rolldownOptions: { output: { entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    build: {
      outDir: resolve('out/renderer'),
      rolldownOptions: { input: resolve('src/renderer/index.html') },
      chunkSizeWarningLimit: 2000,
    },
    plugins: [react(), devCspPlugin()],
  },
});
