import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tests/chromium';

/**
 * End-to-end tests drive the built app through the browser host in Debian's Chromium
 * (never a downloaded browser). Point CHROMIUM_PATH at another Chromium to use that one.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
    viewport: { width: 1280, height: 820 },
    trace: 'off',
    screenshot: 'only-on-failure',
    // No transitions mid-check: axe must see final colours (the app honours reduced motion).
    reducedMotion: 'reduce',
  },
});
