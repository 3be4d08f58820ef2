/**
 * Checks that a text is one JSON value without building it: a scan over the characters with a
 * stack of open brackets, so that a backup of hundreds of megabytes is checked in the memory it
 * already takes (JSON.parse would build every record of it).
 */

/** Null when the text is one JSON value; otherwise where and why it is not. */
export function jsonSyntaxProblem(text: string): string | null {
  const length = text.length;
  // Open containers: 1 object, 2 array. `expect` is what may come next.
  const stack: number[] = [];
  let i = 0;
  const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
  const skipSpace = () => {
    while (i < length && isSpace(text.charCodeAt(i))) i += 1;
  };
  const at = (what: string) => `${what} at character ${i}`;

  const scanString = (): string | null => {
    // text[i] is the opening quote.
    i += 1;
    while (i < length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i += 1;
        return null;
      }
      if (c < 0x20) return at('a control character in a string');
      if (c === 0x5c) {
        const e = text.charCodeAt(i + 1);
        if (e === 0x75) {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return at('a bad \\u escape');
          i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(text[i + 1] ?? '')) return at('a bad escape');
        i += 2;
        continue;
      }
      i += 1;
    }
    return at('an unterminated string');
  };

  const number = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
  const scanScalar = (): string | null => {
    const c = text[i];
    if (c === '"') return scanString();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return null;
      }
    }
    number.lastIndex = i;
    if (number.test(text)) {
      i = number.lastIndex;
      return null;
    }
    return at('an unexpected character');
  };

  // After a value: a comma, a closing bracket, or the end.
  const afterValue = (): string | null | 'done' => {
    skipSpace();
    const top = stack[stack.length - 1];
    if (top === undefined) return i === length ? 'done' : at('text after the end');
    const c = text[i];
    if (c === ',') {
      i += 1;
      return null;
    }
    if ((top === 1 && c === '}') || (top === 2 && c === ']')) {
      i += 1;
      stack.pop();
      return afterValue();
    }
    return at('a missing comma or bracket');
  };

  for (;;) {
    skipSpace();
    if (i >= length) return at('an unexpected end');
    const top = stack[stack.length - 1];
    // In an object, a value is preceded by its key.
    if (top === 1) {
      if (text[i] !== '"') return at('a missing key');
      const problem = scanString();
      if (problem) return problem;
      skipSpace();
      if (text[i] !== ':') return at('a missing colon');
      i += 1;
      skipSpace();
    }
    const c = text[i];
    if (c === '{' || c === '[') {
      i += 1;
      skipSpace();
      const close = c === '{' ? '}' : ']';
      if (text[i] === close) {
        i += 1;
      } else {
        stack.push(c === '{' ? 1 : 2);
        continue;
      }
    } else {
      const problem = scanScalar();
      if (problem) return problem;
    }
    const next = afterValue();
    if (next === 'done') return null;
    if (next !== null) return next;
  }
}
