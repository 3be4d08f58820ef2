/**
 * The GitHub Actions workflows, checked here because they run only on GitHub: the syntax
 * (workflow-schema.ts, with ajv; actionlint is not in node_modules) and what each must do.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { workflowSchema } from './workflow-schema';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const Ajv = require('ajv') as new (options: object) => {
  compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] | null };
};

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  if?: string;
}
interface Job {
  'runs-on': string;
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix: { include?: Record<string, string>[] } };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const read = (file: string) => readFileSync(`.github/workflows/${file}`, 'utf8');
const load = (file: string) => yaml.load(read(file)) as Workflow;
const validate = new Ajv({
  allErrors: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
}).compile(workflowSchema);
const runs = (job: Job) => job.steps.map((s) => s.run ?? '').join('\n');

describe.each(['ci.yml', 'release.yml'])('%s', (file) => {
  it('is valid workflow syntax', () => {
    const valid = validate(load(file));
    expect(validate.errors ?? [], 'schema errors').toEqual([]);
    expect(valid).toBe(true);
  });

  it('reads only the contents by default, and pins each action to a major version', () => {
    const workflow = load(file);
    expect(workflow.permissions).toEqual({ contents: 'read' });
    for (const job of Object.values(workflow.jobs))
      for (const step of job.steps)
        if (step.uses) expect(step.uses, step.uses).toMatch(/^actions\/[\w-]+@v\d+$/);
  });

  it('takes secrets only into the environment of a step, never into a command line', () => {
    const workflow = load(file);
    for (const job of Object.values(workflow.jobs))
      for (const step of job.steps) {
        expect(step.run ?? '').not.toContain('secrets.');
        expect(JSON.stringify(step.with ?? {})).not.toContain('secrets.');
      }
  });
});

describe('the CI workflow', () => {
  it('runs what .ci/run runs, on Ubuntu, for pull requests', () => {
    const workflow = load('ci.yml');
    expect(Object.keys(workflow.on)).toContain('pull_request');
    const jobs = Object.values(workflow.jobs);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!['runs-on']).toBe('ubuntu-latest');
    expect(runs(jobs[0]!).trim()).toBe('bash .ci/run');
  });
});

describe('the release workflow', () => {
  const workflow = load('release.yml');
  const build = workflow.jobs.package!;
  const steps = runs(build);

  it('packages on windows-latest and macos-latest', () => {
    expect(build['runs-on']).toBe('${{ matrix.os }}');
    expect(build.strategy?.matrix.include?.map((m) => m.os)).toEqual([
      'windows-latest',
      'macos-latest',
    ]);
  });

  it('installs, unit-tests, builds and packages, in that order', () => {
    const order = ['npm ci', 'npm run test:unit', 'npm run build', 'npx electron-builder'];
    const at = order.map((command) => steps.indexOf(command));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('signs and notarises from secrets passed as environment variables only', () => {
    const env = build.steps.find((s) => s.name?.startsWith('Package (signed'))?.env ?? {};
    for (const name of [
      'CSC_LINK',
      'WIN_CSC_LINK',
      'APPLE_ID',
      'APPLE_API_KEY_ID',
      'AZURE_CLIENT_ID',
    ])
      expect(env[name], name).toMatch(/^\$\{\{ secrets\.\w+ \}\}$/);
    // Unset secrets arrive empty and are unset, so an unsigned build still works.
    expect(steps).toContain('CSC_IDENTITY_AUTO_DISCOVERY=false');
  });

  it('smoke-tests a separate packaged test build with the inspector fuse on', () => {
    expect(steps).toContain('-c.electronFuses.enableNodeCliInspectArguments=true');
    expect(steps).toContain('-c.directories.output=dist-smoke');
    const smoke = build.steps.find((s) => s.run?.includes('tests/e2e/smoke.spec.ts'));
    expect(smoke?.env?.CW_SMOKE_APP).toBe('${{ matrix.smoke-app }}');
    for (const entry of build.strategy?.matrix.include ?? [])
      expect(entry['smoke-app']).toMatch(/^dist-smoke\//);
  });

  it('uploads the installers and the test build as separate artifacts', () => {
    const names = build.steps.filter((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(names.map((s) => s.with?.name)).toEqual(
      expect.arrayContaining(['installers-${{ runner.os }}', 'smoke-test-build-${{ runner.os }}']),
    );
  });

  it('makes a draft release on a version tag only, with write access only there', () => {
    expect(workflow.on.push).toEqual({ tags: ['v*'] });
    const release = workflow.jobs['draft-release']!;
    expect(release.needs).toBe('package');
    expect(release.if).toBe("startsWith(github.ref, 'refs/tags/v')");
    expect(release.permissions).toEqual({ contents: 'write' });
    expect(runs(release)).toContain('--draft');
    expect(build.permissions).toBeUndefined();
  });
});

describe('the workflow schema', () => {
  it.each([
    [
      'a misspelt runs-on',
      { on: { push: null }, jobs: { a: { 'run-on': 'x', steps: [{ run: 'x' }] } } },
    ],
    [
      'a step with neither run nor uses',
      { on: { push: null }, jobs: { a: { 'runs-on': 'x', steps: [{ name: 'x' }] } } },
    ],
    [
      'an unpinned action',
      {
        on: { push: null },
        jobs: { a: { 'runs-on': 'x', steps: [{ uses: 'actions/checkout' }] } },
      },
    ],
    [
      'an unknown event',
      { on: { pushh: null }, jobs: { a: { 'runs-on': 'x', steps: [{ run: 'x' }] } } },
    ],
  ])('refuses %s', (_what, workflow) => {
    expect(validate(workflow)).toBe(false);
  });
});
