/**
 * Splits a text into plain and highlighted pieces for display. The pieces always join back to the
 * original text exactly, whatever matches are given: out-of-range, empty or overlapping matches are
 * clipped or skipped rather than allowed to drop or repeat a character.
 */
import type { HighlightSegment, RiskCategory, RiskMatch } from './types';

export function splitForHighlight(
  text: string,
  matches: readonly Pick<RiskMatch, 'start' | 'end' | 'category' | 'expressionId'>[],
): HighlightSegment[] {
  const segments: HighlightSegment[] = [];
  const usable = matches
    .map((m) => ({
      start: Math.max(0, Math.min(text.length, Math.trunc(m.start))),
      end: Math.max(0, Math.min(text.length, Math.trunc(m.end))),
      category: m.category,
      expressionId: m.expressionId,
    }))
    .filter((m) => m.end > m.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);

  let at = 0;
  for (const m of usable) {
    if (m.start < at) continue; // overlaps the previous highlight
    if (m.start > at) segments.push({ text: text.slice(at, m.start) });
    segments.push({
      text: text.slice(m.start, m.end),
      match: { category: m.category, expressionId: m.expressionId },
    });
    at = m.end;
  }
  if (at < text.length) segments.push({ text: text.slice(at) });
  return segments;
}

/** What the queue shows and indexes for a message: "possible risk", and of which kinds. */
export interface RiskSignalSummary {
  readonly possibleRisk: boolean;
  /** Categories found, in the fixed order suicide, self-harm, harm to others. */
  readonly categories: readonly RiskCategory[];
  readonly matchCount: number;
}

export function summariseRiskSignals(
  matches: readonly Pick<RiskMatch, 'category'>[],
): RiskSignalSummary {
  const found = new Set(matches.map((m) => m.category));
  const order: readonly RiskCategory[] = ['suicide', 'self-harm', 'harm-to-others'];
  return {
    possibleRisk: matches.length > 0,
    categories: order.filter((c) => found.has(c)),
    matchCount: matches.length,
  };
}
