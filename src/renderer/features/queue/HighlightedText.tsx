import { findRiskSignals, splitForHighlight } from '../../../domain/risk';

/** Message text with the words of the crisis list marked, so a counsellor sees why it was flagged. */
export function HighlightedText({ text }: { text: string }) {
  const { matches } = findRiskSignals(text);
  if (matches.length === 0) return <>{text}</>;
  return (
    <>
      {splitForHighlight(text, matches).map((segment, i) =>
        segment.match ? (
          <mark key={i} className="cw-risk-match" data-category={segment.match.category}>
            {segment.text}
          </mark>
        ) : (
          <span key={i}>{segment.text}</span>
        ),
      )}
    </>
  );
}
