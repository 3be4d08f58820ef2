/**
 * A `backup.save` request body, read from the file the host spooled it to, a chunk at a time (in
 * the off-loop worker): the body is `{"suggestedName": "…", "data": "…"}`, and `data` is the
 * page's backup data as a JSON string. Its text is decoded as it is read, checked to be one JSON
 * value of the backup-data format (json-stream.ts), and written straight into the backup file
 * after the key set; the body is never held whole, nor parsed into records. Memory stays at a
 * chunk or two whatever the size.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createJsonChecker } from './json-stream';

const BACKUP_DATA_PREFIX = /^\s*\{\s*"format"\s*:\s*"counsellor-workstation\.backup-data"/;
/** How much of `suggestedName` is kept (the schema allows 120; more is refused there). */
const NAME_KEPT = 1_000;
const CHUNK_BYTES = 1024 * 1024;

export type BackupBodyResult =
  | { ok: true; suggestedName: string; bytes: number }
  | { ok: false; reason: 'body-not-json'; detail: string }
  | { ok: false; reason: 'body-shape'; path: string[]; detail: string }
  | { ok: false; reason: 'not-json'; detail: string }
  | { ok: false; reason: 'not-backup' };

type Field = 'suggestedName' | 'data';

const enum At {
  Start,
  KeyOrEnd,
  Key,
  InKey,
  KeyEscape,
  Colon,
  Value,
  InValue,
  ValueEscape,
  ValueUnicode,
  AfterValue,
  End,
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * Reads `bodyFile` and writes the backup file to `outFile` (`head`, the decoded data, `}`): on
 * any problem `outFile` is removed and the problem returned.
 */
export async function writeBackupFromBody(
  bodyFile: string,
  outFile: string,
  head: string,
): Promise<BackupBodyResult> {
  const out = createWriteStream(outFile, { flags: 'wx', mode: 0o600 });
  const opened = new Promise<void>((resolve, reject) => {
    out.once('open', () => resolve());
    out.once('error', reject);
  });
  try {
    await opened;
    const result = await decode(bodyFile, out, head);
    await finish(out);
    if (!result.ok) await rm(outFile, { force: true });
    return result;
  } catch (error) {
    out.destroy();
    await rm(outFile, { force: true });
    throw error;
  }
}

function finish(out: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    out.once('error', reject);
    out.end(() => resolve());
  });
}

async function decode(bodyFile: string, out: WriteStream, head: string): Promise<BackupBodyResult> {
  const seen = new Set<Field>();
  let at = At.Start as At;
  let key = '';
  let field: Field | null = null;
  let name = '';
  let hex = '';
  let offset = 0;
  let bytes = 0;
  // The data as decoded: checked, and its start kept to see its format.
  const checker = createJsonChecker();
  let dataStart = '';
  let pendingHigh = '';

  const write = async (text: string): Promise<void> => {
    const buffer = Buffer.from(text, 'utf8');
    bytes += buffer.length;
    if (!out.write(buffer))
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  await write(head);

  /** Decoded data text, written out; a high surrogate at a piece's end waits for its pair. */
  const emit = async (decoded: string): Promise<string | null> => {
    if (decoded.length === 0) return null;
    if (dataStart.length < 200) dataStart += decoded.slice(0, 200 - dataStart.length);
    const problem = checker.write(decoded);
    if (problem !== null) return problem;
    let text = pendingHigh + decoded;
    pendingHigh = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      pendingHigh = text.slice(-1);
      text = text.slice(0, -1);
    }
    if (text.length > 0) await write(text);
    return null;
  };

  const bodyProblem = (what: string, i: number): BackupBodyResult => ({
    ok: false,
    reason: 'body-not-json',
    detail: `${what} at character ${offset + i}`,
  });

  const stream = createReadStream(bodyFile, { encoding: 'utf8', highWaterMark: CHUNK_BYTES });
  for await (const chunk of stream as AsyncIterable<string>) {
    let decoded = '';
    let runStart = -1;
    const length = chunk.length;
    for (let i = 0; i < length; i += 1) {
      const c = chunk[i]!;
      switch (at) {
        case At.InValue:
          if (c === '"') {
            if (field === 'data') {
              if (runStart >= 0) decoded += chunk.slice(runStart, i);
              runStart = -1;
            }
            at = At.AfterValue;
          } else if (c === '\\') {
            if (field === 'data' && runStart >= 0) decoded += chunk.slice(runStart, i);
            runStart = -1;
            at = At.ValueEscape;
          } else if (c < ' ') {
            return bodyProblem('a control character in a string', i);
          } else if (field === 'data') {
            if (runStart < 0) runStart = i;
          } else if (name.length < NAME_KEPT) name += c;
          continue;
        case At.ValueEscape: {
          if (c === 'u') {
            hex = '';
            at = At.ValueUnicode;
            continue;
          }
          const simple = SIMPLE_ESCAPES[c];
          if (simple === undefined) return bodyProblem('a bad escape', i);
          if (field === 'data') decoded += simple;
          else if (name.length < NAME_KEPT) name += simple;
          at = At.InValue;
          continue;
        }
        case At.ValueUnicode:
          if (!/[0-9a-fA-F]/.test(c)) return bodyProblem('a bad \\u escape', i);
          hex += c;
          if (hex.length === 4) {
            const unit = String.fromCharCode(parseInt(hex, 16));
            if (field === 'data') decoded += unit;
            else if (name.length < NAME_KEPT) name += unit;
            at = At.InValue;
          }
          continue;
        case At.InKey:
          if (c === '"') at = At.Colon;
          else if (c === '\\') at = At.KeyEscape;
          else if (c < ' ') return bodyProblem('a control character in a string', i);
          else if (key.length < 100) key += c;
          continue;
        case At.KeyEscape:
          // Names with escapes are no names of this body (it has two, plain).
          if (!(c in SIMPLE_ESCAPES) && c !== 'u') return bodyProblem('a bad escape', i);
          key += `\\${c}`;
          at = At.InKey;
          continue;
        default:
          break;
      }
      if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
      switch (at) {
        case At.Start:
          if (c !== '{')
            return c === '"' || c === '[' || /[-0-9tfn]/.test(c)
              ? { ok: false, reason: 'body-shape', path: [], detail: 'expected an object' }
              : bodyProblem('an unexpected character', i);
          at = At.KeyOrEnd;
          continue;
        case At.KeyOrEnd:
        case At.Key:
          if (c === '"') {
            key = '';
            at = At.InKey;
            continue;
          }
          if (at === At.KeyOrEnd && c === '}') {
            at = At.End;
            continue;
          }
          return bodyProblem('a missing property name', i);
        case At.Colon: {
          if (c !== ':') return bodyProblem('a missing colon', i);
          if (key !== 'suggestedName' && key !== 'data')
            return {
              ok: false,
              reason: 'body-shape',
              path: [],
              detail: `unrecognized key "${key.slice(0, 60)}"`,
            };
          if (seen.has(key))
            return { ok: false, reason: 'body-shape', path: [key], detail: 'given twice' };
          seen.add(key);
          field = key;
          at = At.Value;
          continue;
        }
        case At.Value:
          if (c !== '"')
            return {
              ok: false,
              reason: 'body-shape',
              path: [field ?? ''],
              detail: 'expected a string',
            };
          at = At.InValue;
          continue;
        case At.AfterValue:
          if (c === ',') at = At.Key;
          else if (c === '}') at = At.End;
          else return bodyProblem('a missing comma or bracket', i);
          continue;
        case At.End:
          return bodyProblem('text after the end', i);
        default:
          return bodyProblem('an unexpected character', i);
      }
    }
    if (at === At.InValue && field === 'data' && runStart >= 0) decoded += chunk.slice(runStart);
    offset += length;
    const problem = await emit(decoded);
    if (problem !== null) return { ok: false, reason: 'not-json', detail: problem };
  }
  if (at !== At.End) {
    if (at === At.Start) return { ok: false, reason: 'body-not-json', detail: 'an empty body' };
    return bodyProblem('an unexpected end', 0);
  }
  for (const needed of ['suggestedName', 'data'] as const)
    if (!seen.has(needed))
      return { ok: false, reason: 'body-shape', path: [needed], detail: 'required' };
  const problem = checker.end();
  if (problem !== null) return { ok: false, reason: 'not-json', detail: problem };
  if (!BACKUP_DATA_PREFIX.test(dataStart)) return { ok: false, reason: 'not-backup' };
  if (pendingHigh !== '') await write(pendingHigh);
  await write('}\n');
  return { ok: true, suggestedName: name, bytes };
}
