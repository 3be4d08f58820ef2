/**
 * Counting text the way DOMAIN.md counts it: in Unicode code points, not in UTF-16 code units
 * (`string.length`). An emoji such as 😔 is one code point but two UTF-16 units; a Japanese
 * character such as 孤 is one of each.
 */

/** The web-mail form's limit on a participant's message (DOMAIN.md section 4), in code points. */
export const MESSAGE_BODY_LIMIT = 1_200;

/** The number of Unicode code points in `text`; an unpaired surrogate counts as one. */
export function countCodePoints(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count -= 1;
        i += 1;
      }
    }
  }
  return count;
}

/**
 * Whether `text` has more than `limit` code points. Cheap for short text: a string of at most
 * `limit` UTF-16 units cannot have more than `limit` code points, so it is not counted.
 */
export function exceedsCodePoints(text: string, limit: number): boolean {
  if (text.length <= limit) return false;
  // Every code point takes at most two units.
  if (text.length > 2 * limit) return true;
  return countCodePoints(text) > limit;
}

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * False when `text` holds an unpaired UTF-16 surrogate: half of a character, which no keyboard
 * produces and which would be changed (to U+FFFD) when the text is encrypted or sent.
 */
export function isWellFormedText(text: string): boolean {
  return !UNPAIRED_SURROGATE.test(text);
}

/** `12,345`: a count as a counsellor reads it. */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
