/**
 * Runs every benchmark in bench/ (each `bench/*.bench.ts` module, see ./benchmark.ts), prints a
 * table, and writes the figures to docs/benchmarks.md, between its markers only (hand-written
 * sections of that file are kept; see ./report-block.ts). Exits 1 when a median misses its target.
 *
 *   npm run bench
 *
 * Each benchmark runs once to warm up, then RUNS times; every run gets a fresh input from
 * `setup()` (not timed) and only `run(input)` is timed.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  isBenchmarkModule,
  isSuiteModule,
  type BenchmarkModule,
  type SuiteResult,
} from './benchmark';
import { replaceGeneratedBlock } from './report-block';

const WARM_UP_RUNS = 1;
const RUNS = 5;
const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const REPORT = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));

interface Result {
  file: string;
  name: string;
  description: string;
  unit: SuiteResult['unit'];
  better: SuiteResult['better'];
  targetMs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  runsMs: number[];
  pass: boolean;
}

function fromSuite(file: string, r: SuiteResult): Result {
  const medianValue = median(r.runs);
  return {
    file,
    name: r.name,
    description: r.description,
    unit: r.unit,
    better: r.better,
    targetMs: r.target,
    medianMs: medianValue,
    minMs: Math.min(...r.runs),
    maxMs: Math.max(...r.runs),
    runsMs: r.runs,
    pass: r.better === 'lower' ? medianValue < r.target : medianValue > r.target,
  };
}

const write = (line = '') => process.stdout.write(`${line}\n`);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function measure(file: string, bench: BenchmarkModule): Promise<Result> {
  const once = async () => {
    const input = bench.setup ? await bench.setup() : undefined;
    const start = performance.now();
    const output = await bench.run(input);
    const elapsed = performance.now() - start;
    if (output === undefined)
      throw new Error(`${file}: run() must return a value derived from its work`);
    return elapsed;
  };
  for (let i = 0; i < WARM_UP_RUNS; i += 1) await once();
  const runsMs: number[] = [];
  for (let i = 0; i < RUNS; i += 1) runsMs.push(await once());
  const medianMs = median(runsMs);
  return {
    file,
    name: bench.name,
    description: bench.description ?? '',
    unit: 'ms',
    better: 'lower',
    targetMs: bench.targetMs,
    medianMs,
    minMs: Math.min(...runsMs),
    maxMs: Math.max(...runsMs),
    runsMs,
    pass: medianMs < bench.targetMs,
  };
}

const ms = (value: number) => value.toFixed(1);
const ratio = (r: Result) => (r.medianMs / r.targetMs).toFixed(2);

function machine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  return `${cpus.length} cores (${model}), ${os.totalmem() > 0 ? `${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ` : ''}Node ${process.version}, ${process.platform} ${process.arch}`;
}

function printTable(results: Result[]): void {
  const header = ['benchmark', 'unit', 'median', 'min', 'max', 'target', 'ratio', 'result'];
  const rows = results.map((r) => [
    r.name,
    r.unit,
    ms(r.medianMs),
    ms(r.minMs),
    ms(r.maxMs),
    String(r.targetMs),
    ratio(r),
    r.pass ? 'pass' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  write(line(header));
  write(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) write(line(row));
}

/** The generated block of docs/benchmarks.md (between its markers). */
function report(results: Result[], date: string): string {
  return [
    'Written by `npm run bench` (bench/run.ts) — this block is replaced on each run; sections outside its markers are kept.',
    `Each benchmark runs ${WARM_UP_RUNS} time to warm up, then ${RUNS} times; only \`run()\` is timed.`,
    'A benchmark passes when its median is under its target (over it, for throughput).',
    "Browser figures are measured in Debian's Chromium through the browser host, by the page's own clock.",
    '',
    `- Machine: ${machine()}`,
    `- Date: ${date}`,
    '',
    '| Benchmark | Unit | Median | Min | Max | Target | Median / target | Result |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...results.map(
      (r) =>
        `| ${r.name} | ${r.unit} | ${ms(r.medianMs)} | ${ms(r.minMs)} | ${ms(r.maxMs)} | ${r.better === 'lower' ? '<' : '>'} ${r.targetMs} | ${ratio(r)} | ${r.pass ? 'pass' : '**FAIL**'} |`,
    ),
    '',
    '## What is measured',
    '',
    ...results.map(
      (r) =>
        `- **${r.name}** (\`bench/${r.file}\`): ${r.description || '(no description)'}. Runs (${r.unit}): ${r.runsMs.map(ms).join(', ')}.`,
    ),
    '',
  ].join('\n');
}

/** `npm run bench -- queue` runs only the files whose name contains "queue", and writes no report. */
const only = process.argv[2];

async function main(): Promise<void> {
  const files = readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  if (files.length === 0) throw new Error('no bench/*.bench.ts files');
  const results: Result[] = [];
  for (const file of files) {
    const module: unknown = await import(pathToFileURL(`${BENCH_DIR}/${file}`).href);
    if (only && !file.includes(only)) continue;
    if (isSuiteModule(module)) {
      write(`running bench/${file} ...`);
      results.push(...(await module.suite()).map((r) => fromSuite(file, r)));
      continue;
    }
    if (!isBenchmarkModule(module)) {
      throw new Error(
        `bench/${file} must export name (string), targetMs (number) and run (function)`,
      );
    }
    write(`running ${module.name} ...`);
    results.push(await measure(file, module));
  }
  write();
  printTable(results);
  const date = new Date().toISOString();
  mkdirSync(fileURLToPath(new URL('../docs/', import.meta.url)), { recursive: true });
  write();
  if (only) {
    write(`machine: ${machine()}; only "${only}" ran, so docs/benchmarks.md was left as it was`);
  } else {
    const existing = existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : null;
    writeFileSync(REPORT, replaceGeneratedBlock(existing, report(results, date)));
    write(`machine: ${machine()}; figures written to docs/benchmarks.md`);
  }
  const failed = results.filter((r) => !r.pass);
  if (failed.length > 0) {
    write(`missed target: ${failed.map((r) => r.name).join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
