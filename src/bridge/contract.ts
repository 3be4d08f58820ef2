/**
 * The contract between the page and the main process (or the browser host): one table of
 * channels, each with a zod schema for its input and its output. Everything else derives from it.
 */
import { z } from 'zod';
import type { ChannelName } from './channels';
import { appInfoSchema } from './schemas/app';
import {
  auditAnchorAdvanceSchema,
  auditAnchorInputSchema,
  auditAnchorStateSchema,
} from './schemas/audit';
import { holidayDataStateSchema } from './schemas/calendar';
import {
  exportSaveInputSchema,
  exportSaveOutputSchema,
  reportExportInputSchema,
} from './schemas/exports';
import {
  backupSaveInputSchema,
  changePassphraseInputSchema,
  passphraseCheckSchema,
  passphraseInputSchema,
  passphraseStateSchema,
  retireKeysInputSchema,
  rotateOutputSchema,
  unlockInputSchema,
  unlockOutputSchema,
} from './schemas/security';
import { organisationSettingsSchema, settingsStateSchema } from './schemas/settings';
import {
  credentialSetInputSchema,
  credentialSetOutputSchema,
  roleStatusSchema,
  roleSwitchInputSchema,
  roleSwitchOutputSchema,
} from './schemas/roles';
import {
  syncClaimEnrolmentInputSchema,
  syncClaimEnrolmentOutputSchema,
  syncIssueEnrolmentInputSchema,
  syncIssueEnrolmentOutputSchema,
  syncPullInputSchema,
  syncPushInputSchema,
  syncSignInInputSchema,
  syncSignOutOutputSchema,
  syncStatusSchema,
  syncWaitInputSchema,
  syncWaitOutputSchema,
} from './schemas/sync';
import { updateSettingsSchema, updateSettingsStateSchema } from './schemas/updates';
import {
  answersDueResponseSchema,
  intakeKeyResponseSchema,
  pendingRequestSchema,
  pendingResponseSchema,
  publicKeySchema,
} from '../sync/intake';
import { pullResponseSchema, pushResponseSchema } from '../sync/protocol';

/** A call that takes nothing: no value, or an empty object. */
const noInput = z.strictObject({}).optional();

export const contract = {
  'app.info': { input: noInput, output: appInfoSchema },
  'settings.get': { input: noInput, output: settingsStateSchema },
  /** Supervisors only: refused (`forbidden-role`) unless the main process proved the role. */
  'settings.update': { input: organisationSettingsSchema, output: settingsStateSchema },
  'calendar.holidays': { input: noInput, output: holidayDataStateSchema },
  /** The demo dataset the browser host offers with `--demo` (null otherwise), for a first start. */
  'demo.dataset': { input: noInput, output: z.strictObject({ text: z.string().nullable() }) },
  /**
   * The page has the whole demo dataset stored: the host records it in its data folder and gives
   * the dataset out no more (null where there is no demo).
   */
  'demo.seeded': { input: noInput, output: z.strictObject({ recorded: z.boolean() }) },
  /** Whether the workstation passphrase has been set (the key store exists and is usable). */
  'passphrase.status': { input: noInput, output: passphraseStateSchema },
  /** Sets the workstation passphrase; refused when one is already set. */
  'passphrase.create': { input: passphraseInputSchema, output: passphraseStateSchema },
  /** Checks a passphrase (before switching to a role that sees more). */
  'passphrase.verify': { input: passphraseInputSchema, output: passphraseCheckSchema },
  /** Re-wraps the keys under a new passphrase (the data is not touched). */
  'passphrase.change': { input: changePassphraseInputSchema, output: passphraseCheckSchema },
  /** The one channel that hands the page its keys, after an unlock. */
  'vault.unlock': { input: unlockInputSchema, output: unlockOutputSchema },
  /** Locks: from now until the passphrase is typed, neither the OS store nor a file unlocks. */
  'vault.lock': { input: noInput, output: z.strictObject({ locked: z.literal(true) }) },
  /** Starts a key rotation: a new current data key (the page then re-seals everything). */
  'vault.rotate': { input: passphraseInputSchema, output: rotateOutputSchema },
  /** Ends a key rotation: drops the data keys nothing is sealed under any more. */
  'vault.retire': { input: retireKeysInputSchema, output: passphraseCheckSchema },
  /** Saves an export where the person chooses (Electron) or in the data folder (browser host). */
  'export.save': { input: exportSaveInputSchema, output: exportSaveOutputSchema },
  /**
   * Renders the anonymised report (already suppressed) as CSV, XLSX or PDF in the main process and
   * saves it like `export.save`. The page writes the audit entry before it calls.
   */
  'report.export': { input: reportExportInputSchema, output: exportSaveOutputSchema },
  /** Writes an encrypted backup: the sealed data plus the key set wrapped under the passphrase. */
  'backup.save': { input: backupSaveInputSchema, output: exportSaveOutputSchema },
  /** The audit log's anchor outside the page: the count and newest hash it holds (issue 13). */
  'audit.anchor': { input: noInput, output: auditAnchorStateSchema },
  /** Moves the anchor to the page's newest entry (count and hash only); never backwards. */
  'audit.advance': { input: auditAnchorInputSchema, output: auditAnchorAdvanceSchema },
  /** The role the main process has recorded, and which profiles have their own credential. */
  'role.status': { input: noInput, output: roleStatusSchema },
  /** Switches role: up to supervisor only with that profile's own credential; down needs nothing. */
  'role.switch': { input: roleSwitchInputSchema, output: roleSwitchOutputSchema },
  /** Sets a supervisor profile's own credential (a proven supervisor, or the first one). */
  'credential.set': { input: credentialSetInputSchema, output: credentialSetOutputSchema },
  /** The update settings (issue 17 §3): whether the desktop app looks for updates, and where. */
  'updates.get': { input: noInput, output: updateSettingsStateSchema },
  /** Supervisors only: refused (`forbidden-role`) unless the main process proved the role. */
  'updates.set': { input: updateSettingsSchema, output: updateSettingsStateSchema },
  /** The sync connection: who is signed in, online or backing off, the clock's offset. */
  'sync.status': { input: noInput, output: syncStatusSchema },
  /** Signs in to the sync server (its URL checked: TLS unless on this computer). */
  'sync.signIn': { input: syncSignInInputSchema, output: syncStatusSchema },
  /** Forgets the tokens here, then tells the server (revokes the refresh token). */
  'sync.signOut': { input: noInput, output: syncSignOutOutputSchema },
  /** Pushes outbox mutations in order; a refusal of the whole push is `sync-refused`. */
  'sync.push': { input: syncPushInputSchema, output: pushResponseSchema },
  /** Pulls the changes since the cursor. */
  'sync.pull': { input: syncPullInputSchema, output: pullResponseSchema },
  /** A long-poll: `changed` once the server poked (or the transport reconnected) since the last call. */
  'sync.waitForChange': { input: syncWaitInputSchema, output: syncWaitOutputSchema },
  /** The page saw the network come back (or the computer wake): try the server at once. */
  'sync.wake': { input: noInput, output: syncStatusSchema },
  /**
   * A supervisor enrols another workstation: this one's keys leave wrapped under a one-time
   * secret; the 13 words that spell it are answered once and never kept.
   */
  'sync.issueEnrolment': {
    input: syncIssueEnrolmentInputSchema,
    output: syncIssueEnrolmentOutputSchema,
  },
  /** Joins the organisation with the words: its keys replace this workstation's (see security.md). */
  'sync.claimEnrolment': {
    input: syncClaimEnrolmentInputSchema,
    output: syncClaimEnrolmentOutputSchema,
  },
  /**
   * The organisation's intake key on the server (issue 16); with `publish`, a supervisor's
   * workstation publishes its public half first (the server refuses anyone else).
   */
  'sync.intakeKey': {
    input: z.strictObject({ publish: publicKeySchema.optional() }),
    output: intakeKeyResponseSchema,
  },
  /** The portal's deliveries no workstation has taken in yet, oldest first (sealed). */
  'sync.intakePending': { input: pendingRequestSchema, output: pendingResponseSchema },
  /** Replies to portal participants not yet sealed for the portal, and the portal's key. */
  'sync.portalAnswersDue': { input: noInput, output: answersDueResponseSchema },
} as const satisfies Record<ChannelName, { input: z.ZodType; output: z.ZodType }>;

type Contract = typeof contract;

// Both lists of channels must agree: a name in one and not the other is a compile error.
type MissingFromContract = Exclude<ChannelName, keyof Contract>;
type MissingFromNames = Exclude<keyof Contract, ChannelName>;
export const channelListsAgree: [MissingFromContract, MissingFromNames] extends [never, never]
  ? true
  : never = true;

export type ChannelInput<C extends ChannelName> = z.input<Contract[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Contract[C]['output']>;

/** What a handler receives: the input after validation. */
export type ParsedInput<C extends ChannelName> = z.output<Contract[C]['input']>;

/** The page's view of the bridge: one async function per channel. */
export type BridgeApi = {
  [C in ChannelName]: (input: ChannelInput<C>) => Promise<ChannelOutput<C>>;
};

/** The handlers a host binds to the channels. */
export type BridgeHandlers = {
  [C in ChannelName]: (input: ParsedInput<C>) => Promise<ChannelOutput<C>> | ChannelOutput<C>;
};

export { CHANNEL_NAMES, type ChannelName } from './channels';
