/**
 * A JSON syntax check fed in pieces (a file or a request body read a chunk at a time): it keeps
 * only a stack of open brackets and the state of the token it is in, so a document of hundreds of
 * megabytes is checked in constant memory, and agrees with JSON.parse on what is one JSON value
 * (a property test holds it to that). Problems say what and at which character (0-based, in
 * UTF-16 code units, like json-check.ts).
 */

const enum Mode {
  Value,
  ValueOrEnd,
  KeyOrEnd,
  Key,
  Colon,
  AfterValue,
  String,
  Escape,
  Unicode,
  Literal,
  Number,
  Done,
}

const enum Num {
  Minus,
  Zero,
  Int,
  Dot,
  Frac,
  Exp,
  ExpSign,
  ExpDigits,
}

const OBJECT = 1;
const ARRAY = 2;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

export interface JsonChecker {
  /** Feeds the next piece of text; returns the first problem so far (null: none yet). */
  write(text: string): string | null;
  /** The end of the text: null when all of it was one JSON value, else the problem. */
  end(): string | null;
}

export function createJsonChecker(): JsonChecker {
  const stack: number[] = [];
  let mode = Mode.Value;
  let stringIsKey = false;
  let hexLeft = 0;
  let literal = '';
  let literalAt = 0;
  let num = Num.Minus;
  let offset = 0;
  let problem: string | null = null;

  const fail = (what: string, at: number) => {
    problem = `${what} at character ${at}`;
    return problem;
  };
  const valueDone = () => {
    mode = stack.length === 0 ? Mode.Done : Mode.AfterValue;
  };
  /** A number ends at a character that is not part of it; false when it may not end here. */
  const numberMayEnd = () =>
    num === Num.Zero || num === Num.Int || num === Num.Frac || num === Num.ExpDigits;

  function startValue(c: number, at: number): string | null {
    if (c === 0x22) {
      mode = Mode.String;
      stringIsKey = false;
    } else if (c === 0x7b) {
      stack.push(OBJECT);
      mode = Mode.KeyOrEnd;
    } else if (c === 0x5b) {
      stack.push(ARRAY);
      mode = Mode.ValueOrEnd;
    } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
      literal = c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null';
      literalAt = 1;
      mode = Mode.Literal;
    } else if (c === 0x2d || isDigit(c)) {
      num = c === 0x2d ? Num.Minus : c === 0x30 ? Num.Zero : Num.Int;
      mode = Mode.Number;
    } else return fail('an unexpected character', at);
    return null;
  }

  function afterValue(c: number, at: number): string | null {
    const top = stack[stack.length - 1];
    if (c === 0x2c) {
      mode = top === OBJECT ? Mode.Key : Mode.Value;
      return null;
    }
    if ((top === OBJECT && c === 0x7d) || (top === ARRAY && c === 0x5d)) {
      stack.pop();
      valueDone();
      return null;
    }
    return fail('a missing comma or bracket', at);
  }

  function step(c: number, at: number): string | null {
    switch (mode) {
      case Mode.String:
        if (c === 0x22) {
          if (stringIsKey) mode = Mode.Colon;
          else valueDone();
        } else if (c === 0x5c) mode = Mode.Escape;
        else if (c < 0x20) return fail('a control character in a string', at);
        return null;
      case Mode.Escape:
        if (c === 0x75) {
          mode = Mode.Unicode;
          hexLeft = 4;
        } else if (
          c === 0x22 ||
          c === 0x5c ||
          c === 0x2f ||
          c === 0x62 ||
          c === 0x66 ||
          c === 0x6e ||
          c === 0x72 ||
          c === 0x74
        )
          mode = Mode.String;
        else return fail('a bad escape', at);
        return null;
      case Mode.Unicode:
        if (!isHex(c)) return fail('a bad \\u escape', at);
        hexLeft -= 1;
        if (hexLeft === 0) mode = Mode.String;
        return null;
      case Mode.Literal:
        if (c !== literal.charCodeAt(literalAt)) return fail('an unexpected character', at);
        literalAt += 1;
        if (literalAt === literal.length) valueDone();
        return null;
      case Mode.Number:
        switch (num) {
          case Num.Minus:
            if (c === 0x30) num = Num.Zero;
            else if (isDigit(c)) num = Num.Int;
            else return fail('a bad number', at);
            return null;
          case Num.Zero:
          case Num.Int:
            if (num === Num.Int && isDigit(c)) return null;
            if (c === 0x2e) num = Num.Dot;
            else if (c === 0x65 || c === 0x45) num = Num.Exp;
            else break;
            return null;
          case Num.Dot:
            if (!isDigit(c)) return fail('a bad number', at);
            num = Num.Frac;
            return null;
          case Num.Frac:
            if (isDigit(c)) return null;
            if (c === 0x65 || c === 0x45) {
              num = Num.Exp;
              return null;
            }
            break;
          case Num.Exp:
            if (c === 0x2b || c === 0x2d) num = Num.ExpSign;
            else if (isDigit(c)) num = Num.ExpDigits;
            else return fail('a bad number', at);
            return null;
          case Num.ExpSign:
            if (!isDigit(c)) return fail('a bad number', at);
            num = Num.ExpDigits;
            return null;
          case Num.ExpDigits:
            if (isDigit(c)) return null;
            break;
        }
        // The number ended before this character, which is read as what follows a value.
        if (!numberMayEnd()) return fail('a bad number', at);
        valueDone();
        return step(c, at);
      default:
        break;
    }
    if (isSpace(c)) return null;
    switch (mode) {
      case Mode.Value:
        return startValue(c, at);
      case Mode.ValueOrEnd:
        if (c === 0x5d) {
          stack.pop();
          valueDone();
          return null;
        }
        return startValue(c, at);
      case Mode.KeyOrEnd:
      case Mode.Key:
        if (c === 0x22) {
          mode = Mode.String;
          stringIsKey = true;
          return null;
        }
        if (mode === Mode.KeyOrEnd && c === 0x7d) {
          stack.pop();
          valueDone();
          return null;
        }
        return fail('a missing property name', at);
      case Mode.Colon:
        if (c !== 0x3a) return fail('a missing colon', at);
        mode = Mode.Value;
        return null;
      case Mode.AfterValue:
        return afterValue(c, at);
      case Mode.Done:
        return fail('text after the end', at);
      default:
        return fail('an unexpected character', at);
    }
  }

  return {
    write(text) {
      if (problem !== null) return problem;
      const length = text.length;
      for (let i = 0; i < length; i += 1) {
        if (step(text.charCodeAt(i), offset + i) !== null) return problem;
      }
      offset += length;
      return null;
    },
    end() {
      if (problem !== null) return problem;
      if (mode === Mode.Number && stack.length === 0 && numberMayEnd()) mode = Mode.Done;
      if (mode === Mode.Done) return null;
      if (mode === Mode.String || mode === Mode.Escape || mode === Mode.Unicode)
        return fail('an unterminated string', offset);
      return fail('an unexpected end', offset);
    },
  };
}
