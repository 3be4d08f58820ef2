/**
 * docs/benchmarks.md holds the figures `npm run bench` writes AND sections written by hand (one-off
 * measurements with their before/after, e.g. issue 12's). The bench writes only between its own
 * markers; everything outside them is kept byte for byte.
 */
export const BLOCK_BEGIN =
  '<!-- bench:begin (written by `npm run bench`, bench/run.ts: edit outside these markers) -->';
export const BLOCK_END = '<!-- bench:end -->';

const BEGIN_PREFIX = '<!-- bench:begin';

export class ReportBlockError extends Error {}

/**
 * The report with its generated block replaced by `block` (the markers kept). A file that does
 * not exist yet (`existing` null) gets a title and the block. A file without the markers, or with
 * more than one block, or an end before its begin, is refused: hand-written text is never
 * overwritten on a guess.
 */
export function replaceGeneratedBlock(
  existing: string | null,
  block: string,
  file = 'docs/benchmarks.md',
): string {
  const body = block.replace(/\n+$/, '');
  if (existing === null) return `# Benchmarks\n\n${BLOCK_BEGIN}\n${body}\n${BLOCK_END}\n`;
  const begins = lineIndexes(existing, BEGIN_PREFIX);
  const ends = lineIndexes(existing, BLOCK_END);
  if (begins.length === 0 || ends.length === 0)
    throw new ReportBlockError(
      `${file} has no "${BEGIN_PREFIX} …-->" / "${BLOCK_END}" lines; add them around the generated figures (nothing was written).`,
    );
  if (begins.length > 1 || ends.length > 1)
    throw new ReportBlockError(
      `${file} has ${begins.length} begin and ${ends.length} end markers; keep one pair (nothing was written).`,
    );
  const begin = begins[0]!;
  const end = ends[0]!;
  if (end < begin)
    throw new ReportBlockError(
      `${file}: "${BLOCK_END}" comes before its begin marker (nothing was written).`,
    );
  const afterBeginLine = existing.indexOf('\n', begin);
  return `${existing.slice(0, afterBeginLine + 1)}${body}\n${existing.slice(end)}`;
}

/** Offsets of the lines that start with `prefix` (after optional spaces). */
function lineIndexes(text: string, prefix: string): number[] {
  const found: number[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const trimmed = line.trimStart();
    if (trimmed.startsWith(prefix)) found.push(offset + (line.length - trimmed.length));
    offset += line.length + 1;
  }
  return found;
}
