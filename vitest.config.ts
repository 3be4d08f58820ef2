import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit-web/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // A real PostgreSQL for the sync server's tests (PGlite alone where there is none).
    globalSetup: ['tests/unit/server/postgres.setup.ts'],
    testTimeout: 20_000,
  },
});
