/**
 * The names of the bridge's channels. Kept apart from the schemas so that the preload bundle can
 * list them without pulling in the validation code. `contract.ts` checks that both lists agree.
 */
export const CHANNEL_NAMES = [
  'app.info',
  'settings.get',
  'settings.update',
  'calendar.holidays',
  'demo.dataset',
  'demo.seeded',
  'passphrase.status',
  'passphrase.create',
  'passphrase.verify',
  'passphrase.change',
  'vault.unlock',
  'vault.lock',
  'vault.rotate',
  'vault.retire',
  'export.save',
  'report.export',
  'backup.save',
  'audit.anchor',
  'audit.advance',
  'role.status',
  'role.switch',
  'credential.set',
  'updates.get',
  'updates.set',
  'sync.status',
  'sync.signIn',
  'sync.signOut',
  'sync.push',
  'sync.pull',
  'sync.waitForChange',
  'sync.wake',
  'sync.issueEnrolment',
  'sync.claimEnrolment',
  'sync.intakeKey',
  'sync.intakePending',
  'sync.portalAnswersDue',
] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];

/** Prefix of the IPC channel names under Electron (`cw:settings.get`). */
export const IPC_CHANNEL_PREFIX = 'cw:';

/** Name of the object the preload exposes on `window`. */
export const BRIDGE_GLOBAL = 'counsellorWorkstation';

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && (CHANNEL_NAMES as readonly string[]).includes(value);
}
