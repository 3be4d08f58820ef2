/**
 * Where things are in a JSON text, by line and column, without depending on the wording of the
 * JavaScript engine's own JSON.parse errors (they differ between V8 versions, Firefox and Safari,
 * and some give no position at all).
 *
 * Lines and columns count from 1; a column counts UTF-16 code units, as editors do for all but
 * emoji and other characters outside the Basic Multilingual Plane.
 */

export interface TextPosition {
  line: number;
  column: number;
}

export interface JsonSyntaxError extends TextPosition {
  /** Offset in the text, in UTF-16 code units. */
  offset: number;
  /** What is wrong there, for a person. */
  reason: string;
}

/** Line and column of an offset. O(offset). */
export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  let at = text.indexOf('\n');
  while (at !== -1 && at < offset) {
    line += 1;
    lineStart = at + 1;
    at = text.indexOf('\n', lineStart);
  }
  return { line, column: offset - lineStart + 1 };
}

// Control characters are what JSON forbids inside strings, so the pattern must name them.
// eslint-disable-next-line no-control-regex
const STRING_STOP = /["\\\u0000-\u001f]/g;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

function describeChar(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f)
    return `a control character (U+${code.toString(16).padStart(4, '0').toUpperCase()})`;
  if (code === 0xa0 || code === 0x3000 || code === 0xfeff) {
    return `a special space (U+${code.toString(16).padStart(4, '0').toUpperCase()})`;
  }
  return `"${char}"`;
}

type State =
  | 'value'
  | 'value-or-end' // just after "["
  | 'key-or-end' // just after "{"
  | 'key' // after "," in an object
  | 'colon'
  | 'after-value';

class SyntaxProblem {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

/** Scans a string starting at the opening quote; returns the offset after the closing quote. */
function scanString(text: string, start: number, what: 'text' | 'field name'): number {
  let i = start + 1;
  for (;;) {
    STRING_STOP.lastIndex = i;
    const stop = STRING_STOP.exec(text);
    if (stop === null) {
      throw new SyntaxProblem(start, `this ${what} in quotes is never closed (a " is missing)`);
    }
    const at = stop.index;
    const char = stop[0];
    if (char === '"') return at + 1;
    if (char === '\\') {
      const escape = text[at + 1];
      if (escape === undefined) {
        throw new SyntaxProblem(start, `this ${what} in quotes is never closed (a " is missing)`);
      }
      if (escape === 'u') {
        if (!HEX4.test(text.slice(at + 2, at + 6))) {
          throw new SyntaxProblem(at, 'a \\u escape needs four hexadecimal digits (e.g. \\u00e9)');
        }
        i = at + 6;
      } else if ('"\\/bfnrt'.includes(escape)) {
        i = at + 2;
      } else {
        throw new SyntaxProblem(
          at,
          `"\\${escape}" is not an escape JSON knows (write a backslash as \\\\)`,
        );
      }
      continue;
    }
    const reason =
      char === '\n' || char === '\r'
        ? `a line break inside ${what} in quotes (write it as \\n), or a " is missing before it`
        : `${describeChar(char)} inside ${what} in quotes (write it as a \\u escape)`;
    throw new SyntaxProblem(at, reason);
  }
}

function scanValueStart(text: string, i: number, char: string): number {
  if (char === '"') return scanString(text, i, 'text');
  if (char === '-' || (char >= '0' && char <= '9')) {
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);
    if (match === null) throw new SyntaxProblem(i, 'this is not a valid number');
    return i + match[0].length;
  }
  for (const literal of ['true', 'false', 'null']) {
    if (text.startsWith(literal, i)) return i + literal.length;
  }
  if (char === "'") {
    throw new SyntaxProblem(i, 'text must be in double quotes ("), not single quotes (\')');
  }
  if (char === ']' || char === '}') {
    throw new SyntaxProblem(i, `a value is missing before "${char}" (is there a comma too many?)`);
  }
  if (char === ',') throw new SyntaxProblem(i, 'a value is missing before this comma');
  throw new SyntaxProblem(
    i,
    `${describeChar(char)} cannot start a value (text needs double quotes; true, false and null are lower case)`,
  );
}

/**
 * The first syntax error of a JSON text (RFC 8259), with its position and a readable reason; null
 * when the text is valid JSON. Linear in the length of the text; meant to run after JSON.parse has
 * refused the text, to say where and why.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  try {
    scanJson(text);
    return null;
  } catch (error) {
    if (!(error instanceof SyntaxProblem)) throw error;
    return { offset: error.offset, reason: error.reason, ...positionAt(text, error.offset) };
  }
}

function scanJson(text: string): void {
  const stack: string[] = [];
  let state: State = 'value';
  let i = 0;
  const n = text.length;
  for (;;) {
    while (i < n && isJsonSpace(text.charCodeAt(i))) i += 1;
    if (i >= n) {
      if (state === 'after-value' && stack.length === 0) return;
      if (stack.length === 0 && state === 'value') {
        throw new SyntaxProblem(i, 'the file is empty or holds only spaces');
      }
      const open = stack[stack.length - 1] === '{' ? '}' : ']';
      throw new SyntaxProblem(i, `the file ends too early (a closing "${open}" is missing)`);
    }
    const char = text[i]!;
    if (state === 'value-or-end' && char === ']') {
      stack.pop();
      i += 1;
      state = 'after-value';
      continue;
    }
    if (state === 'key-or-end' && char === '}') {
      stack.pop();
      i += 1;
      state = 'after-value';
      continue;
    }
    switch (state) {
      case 'value':
      case 'value-or-end':
        if (char === '{') {
          stack.push('{');
          i += 1;
          state = 'key-or-end';
        } else if (char === '[') {
          stack.push('[');
          i += 1;
          state = 'value-or-end';
        } else {
          i = scanValueStart(text, i, char);
          state = 'after-value';
        }
        break;
      case 'key':
      case 'key-or-end':
        if (char === '"') {
          i = scanString(text, i, 'field name');
          state = 'colon';
        } else if (char === '}') {
          throw new SyntaxProblem(i, 'a field is missing before "}" (is there a comma too many?)');
        } else if (char === "'") {
          throw new SyntaxProblem(
            i,
            'field names must be in double quotes ("), not single quotes (\')',
          );
        } else {
          throw new SyntaxProblem(
            i,
            `expected a field name in double quotes, found ${describeChar(char)}`,
          );
        }
        break;
      case 'colon':
        if (char !== ':') {
          throw new SyntaxProblem(
            i,
            `expected ":" after the field name, found ${describeChar(char)}`,
          );
        }
        i += 1;
        state = 'value';
        break;
      case 'after-value': {
        const top = stack[stack.length - 1];
        if (top === undefined) {
          throw new SyntaxProblem(
            i,
            `unexpected ${describeChar(char)} after the end of the JSON document`,
          );
        }
        const close = top === '{' ? '}' : ']';
        if (char === ',') {
          i += 1;
          state = top === '{' ? 'key' : 'value';
        } else if (char === close) {
          stack.pop();
          i += 1;
        } else {
          throw new SyntaxProblem(
            i,
            `expected "," or "${close}" here, found ${describeChar(char)} (is a comma missing?)`,
          );
        }
        break;
      }
    }
  }
}

/**
 * The positions of some elements of the top-level object's arrays in a valid JSON text: for
 * `wanted = {messages: [12]}`, where `messages[12]` starts. One pass over the text. Elements not
 * found are absent from the answer. When a top-level field appears twice, the last one counts, as
 * for JSON.parse.
 */
export function locateArrayElements(
  text: string,
  wanted: ReadonlyMap<string, ReadonlySet<number>>,
): Map<string, Map<number, TextPosition>> {
  const found = new Map<string, Map<number, TextPosition>>();
  let line = 1;
  let lineStart = 0;
  let depth = 0;
  let expectKey = false;
  let lastKey: string | null = null;
  /** The collection whose array we are in (depth 2), and the next element's index. */
  let collection: Map<number, TextPosition> | null = null;
  let wantedHere: ReadonlySet<number> | null = null;
  let index = 0;
  let elementPending = false;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const code = text.charCodeAt(i);
    if (code === 0x0a) {
      line += 1;
      lineStart = i + 1;
      i += 1;
      continue;
    }
    if (code === 0x20 || code === 0x09 || code === 0x0d) {
      i += 1;
      continue;
    }
    if (elementPending && depth === 2 && collection !== null) {
      if (code !== 0x5d /* ] */ && wantedHere?.has(index)) {
        collection.set(index, { line, column: i - lineStart + 1 });
      }
      elementPending = false;
    }
    if (code === 0x22 /* " */) {
      const start = i;
      i = skipString(text, i);
      if (depth === 1 && expectKey) {
        lastKey = JSON.parse(text.slice(start, i)) as string;
        expectKey = false;
      }
      continue;
    }
    if (code === 0x7b /* { */ || code === 0x5b /* [ */) {
      depth += 1;
      if (depth === 1) expectKey = code === 0x7b;
      if (depth === 2 && code === 0x5b && lastKey !== null && wanted.has(lastKey)) {
        collection = new Map();
        found.set(lastKey, collection);
        wantedHere = wanted.get(lastKey) ?? null;
        index = 0;
        elementPending = true;
      }
    } else if (code === 0x7d /* } */ || code === 0x5d /* ] */) {
      if (depth === 2) {
        collection = null;
        wantedHere = null;
      }
      depth -= 1;
    } else if (code === 0x2c /* , */) {
      if (depth === 1) expectKey = true;
      if (depth === 2 && collection !== null) {
        index += 1;
        elementPending = true;
      }
    }
    i += 1;
  }
  return found;
}

/** The offset after the string starting at `start` (a valid JSON text). */
function skipString(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote === -1) return text.length;
    // Count the backslashes just before the quote: an odd number escapes it.
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes += 1;
    if (backslashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}
