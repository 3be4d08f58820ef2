import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BLOCK_BEGIN,
  BLOCK_END,
  ReportBlockError,
  replaceGeneratedBlock,
} from '../../../bench/report-block';

const REPORT = new URL('../../../docs/benchmarks.md', import.meta.url);

/** Text that never holds a marker line. */
const prose = fc
  .array(fc.oneof(fc.string(), fc.constantFrom('## Heavy calls', '| a | b |', '')), {
    maxLength: 8,
  })
  .map((lines) => lines.filter((l) => !l.includes('<!-- bench:')).join('\n'));

describe('the bench writes only its own block of docs/benchmarks.md', () => {
  it('keeps the hand-written sections of the real file, and replaces the figures', () => {
    const before = readFileSync(REPORT, 'utf8');
    const after = replaceGeneratedBlock(before, '| new | table |\n');
    expect(after).toContain('| new | table |');
    // The hand-written sections (issue 12's before/after figures) are still there, whole.
    const handWritten = before.slice(before.indexOf(BLOCK_END));
    expect(handWritten).toContain('## Heavy bridge calls: before and after (issue 12.6)');
    expect(handWritten).toContain('## A file of 1,000,000 invalid records (issue 12.5)');
    expect(after.endsWith(handWritten)).toBe(true);
    expect(
      after.startsWith(before.slice(0, before.indexOf(BLOCK_BEGIN) + BLOCK_BEGIN.length)),
    ).toBe(true);
    // The old generated figures are gone.
    expect(after).not.toContain('| booking: slots of 30 counsellors over 3 months |');
  });

  it('property: everything outside the markers is kept byte for byte; replacing twice = once', () => {
    fc.assert(
      fc.property(prose, prose, prose, prose, (head, old, tail, block) => {
        const existing = `${head}\n${BLOCK_BEGIN}\n${old}\n${BLOCK_END}\n${tail}`;
        const once = replaceGeneratedBlock(existing, block);
        expect(once.startsWith(`${head}\n${BLOCK_BEGIN}\n`)).toBe(true);
        expect(once.endsWith(`\n${BLOCK_END}\n${tail}`)).toBe(true);
        expect(once).toBe(
          `${head}\n${BLOCK_BEGIN}\n${block.replace(/\n+$/, '')}\n${BLOCK_END}\n${tail}`,
        );
        expect(replaceGeneratedBlock(once, block)).toBe(once);
      }),
    );
  });

  it('a new file gets a title and the block', () => {
    expect(replaceGeneratedBlock(null, 'figures\n')).toBe(
      `# Benchmarks\n\n${BLOCK_BEGIN}\nfigures\n${BLOCK_END}\n`,
    );
  });

  it('refuses, writing nothing, a file without markers, with two blocks, or with the end first', () => {
    expect(() => replaceGeneratedBlock('# Benchmarks\n\nhand-written\n', 'x')).toThrow(
      /has no .*add them around the generated figures/,
    );
    const two = `${BLOCK_BEGIN}\na\n${BLOCK_END}\n${BLOCK_BEGIN}\nb\n${BLOCK_END}\n`;
    expect(() => replaceGeneratedBlock(two, 'x')).toThrow(/2 begin and 2 end markers/);
    expect(() => replaceGeneratedBlock(`${BLOCK_END}\n${BLOCK_BEGIN}\n`, 'x')).toThrow(
      ReportBlockError,
    );
  });
});
