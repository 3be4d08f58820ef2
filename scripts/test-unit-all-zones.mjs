// Runs the unit tests once per time zone: the computer's zone must never change a result
// (DOMAIN.md section 2). Cross-platform replacement for `TZ=… vitest run` in an npm script.
import { spawnSync } from 'node:child_process';

const zones = ['UTC', 'Asia/Tokyo', 'America/Los_Angeles'];
const extra = process.argv.slice(2);
for (const zone of zones) {
  process.stdout.write(`\n== unit tests with TZ=${zone}\n`);
  const run = spawnSync('npx', ['vitest', 'run', ...extra], {
    stdio: 'inherit',
    env: { ...process.env, TZ: zone },
    shell: process.platform === 'win32',
  });
  if (run.status !== 0) {
    process.stderr.write(`unit tests failed with TZ=${zone}\n`);
    process.exit(run.status ?? 1);
  }
}
