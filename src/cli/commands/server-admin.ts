/**
 * The sync server's admin commands (issue 15; DOMAIN.md section 8): the organisation and the
 * people in it. Each opens the server's database the way the server does (the embedded one in
 * `--data-dir`, or PostgreSQL at `--database-url` / DATABASE_URL), applies the migrations the
 * database lacks, does one thing, writes it to the server's admin audit (actor `cli`), and closes.
 * Stable interface:
 *
 *   create-organisation --slug SLUG --name NAME --supervisor LOGIN [--counsellor-id ID]
 *       the organisation and its first supervisor account; prints
 *       {organisation, name, accountId, login, role, counsellorId, password}
 *   add-account --organisation SLUG --login LOGIN --role counsellor|supervisor [--counsellor-id ID]
 *       prints {organisation, accountId, login, role, counsellorId, password}; a counsellor needs
 *       --counsellor-id (the counsellor record they answer as)
 *   disable-account --organisation SLUG --login LOGIN
 *       the person can no longer sign in or sync; prints {organisation, login, disabled}
 *   reset-password --organisation SLUG --login LOGIN
 *       a new password; every workstation signed in as them is signed out, and a disabled account
 *       is enabled again; prints {organisation, login, password}
 *   server-restored
 *       after the database was restored from a backup, before the server starts again: every
 *       organisation gets a new log id, so every workstation starts over from a snapshot at its
 *       next pull, and the portal's answers are numbered on past its cursor; prints
 *       {organisations: [{organisation, newestChangeAt, newestDeliveryAt, newestAnswer}]}
 *       (ISO instants or null; the newest answer's number or null): how far the restored data goes
 *
 * Every command takes `--data-dir DIR` (default: the server's, ~/.counsellor-workstation/sync-server)
 * or `--database-url URL` (DATABASE_URL in the environment does the same), and `--json`. Passwords
 * are generated (24 characters, about 140 bits), printed once on stdout and nowhere else; the
 * server keeps only their scrypt hash.
 *
 * The embedded database takes one process at a time: on a data folder a running server holds, a
 * command refuses (exit 1) and says so. Exit codes: 0 done; 1 refused (the organisation or account
 * exists or does not, the folder is in use, the database cannot be reached), with the reason on
 * stderr; 2 bad arguments, the message naming the flag.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import {
  AdminError,
  addAccount,
  createOrganisation,
  disableAccount,
  resetPassword,
} from '../../server/auth/accounts';
import { generatePassword } from '../../server/auth/passwords';
import { parseServerArgs } from '../../server/args';
import { openPglite, openPostgres, type Database } from '../../server/db/database';
import { FolderInUseError, lockFolder } from '../../server/db/folder-lock';
import { migrate, SchemaTooNewError } from '../../server/db/migrations';
import { markRestored } from '../../server/restore';
import { recordIdSchema } from '../../sync/records';
import { loginSchema, organisationSlugSchema, ROLES, type AccountRole } from '../../sync/protocol';
import {
  CliFailure,
  CliUsageError,
  EXIT_OK,
  rejectRest,
  takeFlag,
  type CliCommand,
  type CliIo,
} from '../command';
import { badInput, takeOption } from './shared';

const MAX_NAME_LENGTH = 200;
const DATABASE_OPTIONS = '[--data-dir DIR | --database-url URL] [--json]';

// ---------------------------------------------------------------------------------------------
// Arguments

function required(value: string | undefined, option: string, what: string): string {
  if (value === undefined) throw new CliUsageError(`${option} ${what} is required`);
  return value;
}

/** `text` checked by one of the sync contract's schemas; a usage error naming `option`. */
function readWith(schema: z.ZodType<string>, option: string, text: string, more = ''): string {
  const parsed = schema.safeParse(text);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue?.code === 'too_small')
    throw badInput(option, text, `is too short: at least ${String(issue.minimum)} characters`);
  if (issue?.code === 'too_big')
    throw badInput(option, text, `is too long: at most ${String(issue.maximum)} characters`);
  throw badInput(option, text, `${issue?.message ?? 'is not valid'}${more}`);
}

// Slugs and logins also begin and end with a letter or digit, which their message leaves out.
const ENDS = ', beginning and ending with a letter or digit';

const readSlug = (option: string, text: string | undefined) =>
  readWith(organisationSlugSchema, option, required(text, option, 'SLUG'), ENDS);
const readLogin = (option: string, text: string | undefined) =>
  readWith(loginSchema, option, required(text, option, 'LOGIN'), ENDS);
const readCounsellorId = (text: string | undefined): string | null =>
  text === undefined ? null : readWith(recordIdSchema, '--counsellor-id', text);

function readRole(text: string | undefined): AccountRole {
  const role = required(text, '--role', ROLES.join('|'));
  if (!(ROLES as readonly string[]).includes(role))
    throw badInput('--role', role, `must be one of ${ROLES.join(', ')}`);
  return role as AccountRole;
}

function readName(text: string | undefined): string {
  const name = required(text, '--name', 'NAME').trim();
  if (name === '') throw new CliUsageError('--name needs the organisation’s name');
  if (name.length > MAX_NAME_LENGTH)
    throw badInput('--name', name, `is too long: at most ${MAX_NAME_LENGTH} characters`);
  if (/\p{Cc}/u.test(name)) throw badInput('--name', name, 'has control characters');
  return name;
}

// ---------------------------------------------------------------------------------------------
// The database

/** Where the database is; `where` names it in messages as the user gave it, `label` in results. */
type Target =
  | { kind: 'pglite'; dataDir: string; where: string; label: string }
  | { kind: 'postgres'; url: string; where: string; label: string };

/** The URL with its password masked, for messages. */
function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/** Takes --data-dir and --database-url and reads DATABASE_URL, as the server does (args.ts). */
function takeDatabaseOptions(args: string[]): Target {
  const dataDirText = takeOption(args, '--data-dir');
  const urlText = takeOption(args, '--database-url');
  const envUrl = process.env.DATABASE_URL || undefined;
  if (dataDirText !== undefined && dataDirText.trim() === '')
    throw new CliUsageError('--data-dir needs a folder');
  if (dataDirText !== undefined && urlText !== undefined) {
    throw new CliUsageError(
      '--data-dir and --database-url are both given: the embedded database is in --data-dir, a PostgreSQL one at --database-url; give one of them',
    );
  }
  if (dataDirText !== undefined && urlText === undefined && envUrl !== undefined) {
    throw new CliUsageError(
      `--data-dir "${dataDirText}" is given while DATABASE_URL is set in the environment (the server would use DATABASE_URL): unset DATABASE_URL to use the folder, or leave out --data-dir`,
    );
  }
  const url = urlText ?? envUrl;
  if (url !== undefined) {
    const source = urlText === undefined ? 'DATABASE_URL' : '--database-url';
    if (!/^postgres(ql)?:\/\//.test(url))
      throw new CliUsageError(`${source} must start with postgres:// or postgresql://`);
    return {
      kind: 'postgres',
      url,
      where: `the database at ${source} ${shownUrl(url)}`,
      label: `the PostgreSQL database ${shownUrl(url)}`,
    };
  }
  // The server's own default and resolution of the folder.
  const parsed = parseServerArgs(dataDirText === undefined ? [] : ['--data-dir', dataDirText], {});
  if (parsed === 'help') throw new Error('unreachable: no --help was passed');
  return {
    kind: 'pglite',
    dataDir: parsed.dataDir,
    where:
      dataDirText === undefined
        ? `the data folder "${parsed.dataDir}" (the default --data-dir)`
        : `--data-dir "${parsed.dataDir}"`,
    label: `the data folder ${parsed.dataDir}`,
  };
}

const describe = (error: unknown): string => {
  const e = error as { message?: unknown; code?: unknown };
  if (typeof e?.message === 'string' && e.message !== '') return e.message;
  if (typeof e?.code === 'string') return e.code;
  return String(error);
};

/**
 * Opens the database as the server does (start.ts: the folder's lock first, for PGlite), applies
 * the migrations, runs `work`, and closes. `create`: a folder without a database may get a new one.
 */
async function withDatabase<T>(
  target: Target,
  create: boolean,
  work: (db: Database) => Promise<T>,
): Promise<T> {
  let db: Database;
  let unlock = () => {};
  if (target.kind === 'pglite') {
    const store = path.join(target.dataDir, 'pglite');
    if (!create && !existsSync(path.join(store, 'PG_VERSION'))) {
      throw new CliUsageError(
        `${target.where} holds no sync server database (no ${store}): give the folder the server runs with (its --data-dir), or --database-url; create-organisation makes a new database`,
      );
    }
    try {
      unlock = lockFolder(target.dataDir);
    } catch (error) {
      if (error instanceof FolderInUseError) {
        throw new CliFailure(
          `${target.where} is in use by a running sync server (process ${error.pid}), and the embedded database takes one process at a time. Stop the server, run this command, and start it again; or run the server on PostgreSQL and give this command the same --database-url.`,
        );
      }
      throw new CliFailure(`${target.where}: cannot take the folder's lock (${describe(error)})`);
    }
    try {
      db = await openPglite(store);
    } catch (error) {
      unlock();
      throw new CliFailure(
        `${target.where}: cannot open the embedded database in ${store} (${describe(error)})`,
      );
    }
  } else {
    try {
      db = await openPostgres(target.url);
    } catch (error) {
      throw new CliFailure(`cannot reach ${target.where} (${describe(error)})`);
    }
  }
  try {
    await migrate(db, Date.now());
    return await work(db);
  } catch (error) {
    if (error instanceof AdminError || error instanceof SchemaTooNewError)
      throw new CliFailure(error.message);
    if (error instanceof CliFailure || error instanceof CliUsageError) throw error;
    throw new CliFailure(`${target.where}: the database failed (${describe(error)})`);
  } finally {
    await db.close().catch(() => undefined);
    unlock();
  }
}

// ---------------------------------------------------------------------------------------------
// Output

/** One JSON object (`--json`), or text lines with the password alone on the last line. */
function printResult(
  io: CliIo,
  json: boolean,
  result: object,
  text: string,
  password?: { login: string; value: string },
): number {
  if (json) {
    io.out(JSON.stringify(result));
    return EXIT_OK;
  }
  io.out(text);
  if (password !== undefined) {
    io.out(
      `Password of "${password.login}" (shown only this once; the server keeps only its hash):`,
    );
    io.out(password.value);
  }
  return EXIT_OK;
}

const where = (target: Target) => `in ${target.label}`;

// ---------------------------------------------------------------------------------------------
// Commands

const createOrganisationCommand: CliCommand = {
  name: 'create-organisation',
  summary:
    'Sync server: create the organisation and its first supervisor account (prints its password).',
  usage: `create-organisation --slug SLUG --name NAME --supervisor LOGIN [--counsellor-id ID] ${DATABASE_OPTIONS}`,
  async run(args, io) {
    const json = takeFlag(args, '--json');
    const slugText = takeOption(args, '--slug');
    const nameText = takeOption(args, '--name');
    const supervisorText = takeOption(args, '--supervisor');
    const counsellorText = takeOption(args, '--counsellor-id');
    const target = takeDatabaseOptions(args);
    rejectRest(args);
    const slug = readSlug('--slug', slugText);
    const name = readName(nameText);
    const login = readLogin('--supervisor', supervisorText);
    const counsellorId = readCounsellorId(counsellorText);
    const password = generatePassword();
    const now = Date.now();
    const account = await withDatabase(target, true, async (db) => {
      // The organisation and its supervisor in one transaction: both or neither.
      const created = await createOrganisation(
        db,
        { slug, name, supervisor: { login, counsellorId, password } },
        now,
      );
      return created.supervisor!;
    });
    return printResult(
      io,
      json,
      {
        organisation: slug,
        name,
        accountId: account.id,
        login,
        role: account.role,
        counsellorId,
        password,
      },
      `Created the organisation "${slug}" (${name}) and its supervisor account "${login}"${counsellorId === null ? '' : ` (counsellor ${counsellorId})`} ${where(target)}.`,
      { login, value: password },
    );
  },
};

const addAccountCommand: CliCommand = {
  name: 'add-account',
  summary: "Sync server: add a counsellor's or supervisor's account (prints its password).",
  usage: `add-account --organisation SLUG --login LOGIN --role counsellor|supervisor [--counsellor-id ID] ${DATABASE_OPTIONS}`,
  async run(args, io) {
    const json = takeFlag(args, '--json');
    const organisationText = takeOption(args, '--organisation');
    const loginText = takeOption(args, '--login');
    const roleText = takeOption(args, '--role');
    const counsellorText = takeOption(args, '--counsellor-id');
    const target = takeDatabaseOptions(args);
    rejectRest(args);
    const organisation = readSlug('--organisation', organisationText);
    const login = readLogin('--login', loginText);
    const role = readRole(roleText);
    const counsellorId = readCounsellorId(counsellorText);
    if (role === 'counsellor' && counsellorId === null) {
      throw new CliUsageError(
        '--counsellor-id ID is required for --role counsellor (the counsellor record this person answers as)',
      );
    }
    const password = generatePassword();
    const account = await withDatabase(target, false, (db) =>
      addAccount(db, { organisation, login, role, counsellorId, password }, Date.now()),
    );
    return printResult(
      io,
      json,
      { organisation, accountId: account.id, login, role, counsellorId, password },
      `Added the ${role} account "${login}"${counsellorId === null ? '' : ` (counsellor ${counsellorId})`} to "${organisation}" ${where(target)}.`,
      { login, value: password },
    );
  },
};

/** `--organisation SLUG --login LOGIN`, the database options and `--json`: nothing else. */
function takeAccountArguments(args: string[]) {
  const json = takeFlag(args, '--json');
  const organisationText = takeOption(args, '--organisation');
  const loginText = takeOption(args, '--login');
  const target = takeDatabaseOptions(args);
  rejectRest(args);
  return {
    json,
    organisation: readSlug('--organisation', organisationText),
    login: readLogin('--login', loginText),
    target,
  };
}

const disableAccountCommand: CliCommand = {
  name: 'disable-account',
  summary: 'Sync server: disable an account (no more sign-in or sync; reset-password enables it).',
  usage: `disable-account --organisation SLUG --login LOGIN ${DATABASE_OPTIONS}`,
  async run(args, io) {
    const { json, organisation, login, target } = takeAccountArguments(args);
    await withDatabase(target, false, (db) =>
      disableAccount(db, { organisation, login }, Date.now()),
    );
    return printResult(
      io,
      json,
      { organisation, login, disabled: true },
      `Disabled the account "${login}" of "${organisation}" ${where(target)}: it can no longer sign in or sync, and its workstations are signed out. reset-password enables it again with a new password.`,
    );
  },
};

const resetPasswordCommand: CliCommand = {
  name: 'reset-password',
  summary: 'Sync server: give an account a new password (prints it; signs the person out).',
  usage: `reset-password --organisation SLUG --login LOGIN ${DATABASE_OPTIONS}`,
  async run(args, io) {
    const { json, organisation, login, target } = takeAccountArguments(args);
    const password = generatePassword();
    await withDatabase(target, false, (db) =>
      resetPassword(db, { organisation, login, password }, Date.now()),
    );
    return printResult(
      io,
      json,
      { organisation, login, password },
      `Reset the password of "${login}" of "${organisation}" ${where(target)}: the old one no longer works, every workstation signed in as them is signed out, and the account is enabled if it was disabled.`,
      { login, value: password },
    );
  },
};

const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());

const serverRestoredCommand: CliCommand = {
  name: 'server-restored',
  summary:
    'Sync server: after restoring its database from a backup, make every workstation start over.',
  usage: `server-restored ${DATABASE_OPTIONS}`,
  async run(args, io) {
    const json = takeFlag(args, '--json');
    const target = takeDatabaseOptions(args);
    rejectRest(args);
    const organisations = (
      await withDatabase(target, false, (db) => markRestored(db, Date.now()))
    ).map((o) => ({
      organisation: o.organisation,
      newestChangeAt: iso(o.newestChangeAt),
      newestDeliveryAt: iso(o.newestDeliveryAt),
      newestAnswer: o.newestAnswer,
    }));
    const lines = organisations.map(
      (o) =>
        `  ${o.organisation}: newest change ${o.newestChangeAt ?? 'none'}, newest delivery from the portal ${o.newestDeliveryAt ?? 'none'}, newest answer for the portal ${o.newestAnswer ?? 'none'}`,
    );
    return printResult(
      io,
      json,
      { organisations },
      [
        `Marked ${where(target)} as restored: every workstation of ${organisations.length === 1 ? 'its organisation' : `its ${organisations.length} organisations`} starts over from the server at its next pull, and tells its user.`,
        ...lines,
        'Ask the portal to deliver again everything it sent after the newest delivery above (what the server holds is answered already-there).',
        'Answers for the portal are numbered on past any cursor the portal holds: it needs no change to fetch the new ones.',
      ].join('\n'),
    );
  },
};

export const serverAdminCommands: CliCommand[] = [
  createOrganisationCommand,
  addAccountCommand,
  disableAccountCommand,
  resetPasswordCommand,
  serverRestoredCommand,
];
