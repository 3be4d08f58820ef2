/**
 * The shape of a benchmark module. bench/run.ts runs every `bench/*.bench.ts` file: each exports
 *
 *   export const name = 'what is measured';
 *   export const targetMs = 200;              // the median must stay below this
 *   export function setup() { ... }           // optional, not timed: builds the input of one run
 *   export function run(input) { ... }        // timed; return something derived from the work
 *
 * To add a benchmark, add a file `bench/<topic>.bench.ts` with those exports; nothing else.
 *
 * A module that measures itself (e.g. in a browser, where the page's own clock is the one that
 * counts) exports instead `suite()`, which returns several measured results at once, each with its
 * runs, its unit and whether higher or lower is better (see SuiteResult).
 */
export interface SuiteResult {
  name: string;
  description: string;
  unit: 'ms' | 'messages/s' | 'mutations/s' | 'changes/s' | 'ratio' | 'MB' | '% of a core';
  /** `lower` for times, `higher` for throughput. */
  better: 'lower' | 'higher';
  target: number;
  runs: number[];
}

export interface SuiteModule {
  suite: () => Promise<SuiteResult[]>;
}

export function isSuiteModule(value: unknown): value is SuiteModule {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>).suite === 'function'
  );
}

export interface BenchmarkModule<Input = unknown> {
  name: string;
  targetMs: number;
  /** One sentence on what is measured (shown in docs/benchmarks.md). */
  description?: string;
  setup?: () => Input | Promise<Input>;
  run: (input: Input) => unknown;
}

export function isBenchmarkModule(value: unknown): value is BenchmarkModule {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return (
    typeof m.name === 'string' &&
    typeof m.targetMs === 'number' &&
    m.targetMs > 0 &&
    typeof m.run === 'function' &&
    (m.setup === undefined || typeof m.setup === 'function')
  );
}
