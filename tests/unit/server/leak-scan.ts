/**
 * The attack on "the server never sees it": the texts that must never be found in clear (a
 * dataset's participants' names, e-mail addresses and JET numbers, its messages' subjects and
 * text, and whatever else a test wrote), and the places searched for them: every row of every
 * table, every file of a PGlite folder, a `pg_dump` of a PostgreSQL database.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../../../src/server/db/database';

export interface LeakDataset {
  participants: { name: string; email: string; jetNumber?: string | null | undefined }[];
  messages: { subject: string; body: string }[];
}

/** Text a dump writes as it is: no control characters, quotes or backslashes (which it escapes). */
export function plain(text: string): string {
  const cut = [...text].findIndex((c) => c.charCodeAt(0) < 0x20 || c === '"' || c === '\\');
  return [...text].slice(0, cut < 0 ? 24 : Math.min(cut, 24)).join('');
}

/** What must never be found in clear: each text's start, at least 6 characters long, once. */
export function needlesOf(dataset: LeakDataset, more: string[] = []): string[] {
  return [
    ...dataset.participants.flatMap((p) => [
      p.name,
      p.email,
      ...(p.jetNumber ? [p.jetNumber] : []),
    ]),
    ...dataset.messages.flatMap((m) => [m.subject, m.body]),
    ...more,
  ]
    .map(plain)
    .filter((text, i, all) => text.length >= 6 && all.indexOf(text) === i);
}

/** The needles found in a haystack (none, when nothing leaked). */
export const foundIn = (needles: string[], haystack: Buffer | string): string[] =>
  needles.filter((n) => haystack.includes(n));

/** Every row of every table of the public schema, as JSON text. */
export async function everyRow(db: Database): Promise<string> {
  const tables = await db.query<{ name: string }>(
    `SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'public'`,
  );
  let text = '';
  for (const { name } of tables.rows) {
    const rows = await db.query<{ row: string }>(
      `SELECT row_to_json(t)::text AS row FROM ${name} t`,
    );
    text += rows.rows.map((r) => r.row).join('\n');
  }
  return text;
}

/** The bytes of every file under a folder. */
export function folderBytes(folder: string): Buffer[] {
  const out: Buffer[] = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) out.push(fs.readFileSync(path.join(entry.parentPath, entry.name)));
  return out;
}

/** A plain-text `pg_dump` of the database at `url`. */
export function pgDump(url: string): string {
  return execFileSync('pg_dump', ['--dbname', url, '--no-owner'], {
    maxBuffer: 512 * 1024 * 1024,
  }).toString('utf8');
}
