import { describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '../../../src/bridge/channels';
import type { BridgeHandlers } from '../../../src/bridge/contract';
import { BridgeFailure } from '../../../src/bridge/errors';
import { createBridgeRouter } from '../../../src/main/services/bridge-router';
import { createLogger } from '../../../src/main/services/logger';
import { DEFAULT_ORGANISATION_SETTINGS } from '../../../src/domain/settings/organisation-settings';

const quiet = createLogger({ sink: () => undefined });
const state = {
  settings: DEFAULT_ORGANISATION_SETTINGS,
  source: 'defaults' as const,
  file: '/d/settings.json',
  problem: null,
};
const holidayState = {
  data: { source: 'test', officialThrough: 2027, holidays: [] },
  source: 'bundled' as const,
  file: '/r/japan.json',
  problem: null,
};
const info = {
  name: 'Counsellor Workstation',
  version: '0.1.0',
  host: 'browser-host' as const,
  os: 'linux',
  dataDir: '/d',
  pinnedNow: null,
};

const syncStatus = {
  connection: 'signed-out' as const,
  serverUrl: null,
  organisation: null,
  account: null,
  clientId: null,
  events: 'stopped' as const,
  nextAttemptAt: null,
  lastSyncAt: null,
  clock: null,
  problem: null,
};

function handlers(overrides: Partial<BridgeHandlers> = {}): BridgeHandlers {
  return {
    'app.info': vi.fn(() => info),
    'settings.get': vi.fn(async () => state),
    'settings.update': vi.fn(async (settings) => ({ ...state, settings, source: 'file' as const })),
    'calendar.holidays': vi.fn(async () => holidayState),
    'demo.dataset': vi.fn(async () => ({ text: null })),
    'demo.seeded': vi.fn(async () => ({ recorded: false })),
    'passphrase.status': vi.fn(async () => ({ state: 'unset' as const })),
    'passphrase.create': vi.fn(async () => ({
      state: 'set' as const,
      osUnlock: false,
      autoUnlock: false,
    })),
    'passphrase.verify': vi.fn(async () => ({ ok: true, retryAfterMs: null })),
    'export.save': vi.fn(async () => ({ saved: false as const })),
    'report.export': vi.fn(async () => ({ saved: false as const })),
    'passphrase.change': vi.fn(async () => ({ ok: true, retryAfterMs: null })),
    'vault.unlock': vi.fn(async () => ({ ok: false as const, retryAfterMs: null })),
    'vault.rotate': vi.fn(async () => ({ ok: true, retryAfterMs: null, newKid: 'k-2' })),
    'vault.retire': vi.fn(async () => ({ ok: true, retryAfterMs: null })),
    'backup.save': vi.fn(async () => ({ saved: false as const })),
    'vault.lock': vi.fn(() => ({ locked: true as const })),
    'audit.anchor': vi.fn(async () => ({ state: 'none' as const })),
    'audit.advance': vi.fn(async () => ({ ok: true as const })),
    'role.status': vi.fn(async () => ({
      active: { profileId: null, role: 'counsellor' as const },
      credentials: [],
      bootstrap: true,
      problem: null,
    })),
    'role.switch': vi.fn(async () => ({
      ok: false as const,
      reason: 'wrong-secret' as const,
      retryAfterMs: null,
      attemptsLeft: 4,
    })),
    'credential.set': vi.fn(async () => ({ ok: true as const })),
    'updates.get': vi.fn(async () => ({
      settings: { enabled: false, feedUrl: null },
      source: 'defaults' as const,
      problem: null,
    })),
    'updates.set': vi.fn(async (settings) => ({
      settings,
      source: 'file' as const,
      problem: null,
    })),
    'sync.status': vi.fn(() => syncStatus),
    'sync.signIn': vi.fn(async () => syncStatus),
    'sync.signOut': vi.fn(async () => ({ revoked: true })),
    'sync.push': vi.fn(async () => ({
      lastMutationId: 1,
      results: [],
      refusals: [],
      serverTime: 0,
    })),
    'sync.pull': vi.fn(async () => ({
      reset: false,
      restored: false,
      log: 'log-1',
      changes: [],
      cursor: 0,
      more: false,
      snapshot: false,
      lastMutationId: 0,
      refusals: [],
      serverTime: 0,
    })),
    'sync.waitForChange': vi.fn(async () => ({ changed: false })),
    'sync.wake': vi.fn(() => syncStatus),
    'sync.issueEnrolment': vi.fn(async () => ({ ok: false as const, retryAfterMs: null })),
    'sync.claimEnrolment': vi.fn(async () => ({ ok: true as const, changed: true })),
    'sync.intakeKey': vi.fn(async () => ({ key: null, serverTime: 0 })),
    'sync.intakePending': vi.fn(async () => ({ deliveries: [], more: false, serverTime: 0 })),
    'sync.portalAnswersDue': vi.fn(async () => ({ portalKey: null, replies: [], serverTime: 0 })),
    ...overrides,
  };
}

/** One input per channel that its schema must refuse, and the path the error must name. */
const INVALID_INPUT: Record<
  (typeof CHANNEL_NAMES)[number],
  { input: unknown; path: (string | number)[] }
> = {
  'app.info': { input: { unexpected: true }, path: [] },
  'settings.get': { input: 'all', path: [] },
  'settings.update': {
    input: { ...DEFAULT_ORGANISATION_SETTINGS, serviceHours: { open: '9.30', close: '21:30' } },
    path: ['serviceHours', 'open'],
  },
  'calendar.holidays': { input: { year: 2026 }, path: [] },
  'demo.dataset': { input: [], path: [] },
  'demo.seeded': { input: { text: 'x' }, path: [] },
  'passphrase.status': { input: { passphrase: 'x' }, path: [] },
  'passphrase.create': { input: { passphrase: '' }, path: ['passphrase'] },
  'passphrase.verify': { input: { passphrase: 42 }, path: ['passphrase'] },
  'export.save': {
    input: { kind: 'csv', suggestedName: '../escape.csv', text: '' },
    path: ['suggestedName'],
  },
  'report.export': {
    input: {
      format: 'csv',
      suggestedName: 'report.csv',
      report: {
        format: 'counsellor-workstation.report',
        version: 1,
        from: '2026-04',
        to: '2026-11',
        threshold: 10,
        rows: [{ period: '2026-11', measure: 'sessions', category: 'Emily Johnson', value: 12 }],
      },
    },
    path: ['report', 'rows', 0, 'category'],
  },
  'passphrase.change': { input: { current: 'a long passphrase' }, path: ['next'] },
  'vault.unlock': { input: {}, path: ['passphrase'] },
  'vault.rotate': { input: { passphrase: null }, path: ['passphrase'] },
  'vault.retire': { input: { passphrase: 'x', keep: 'k-1' }, path: ['keep'] },
  'backup.save': { input: { suggestedName: 'backup.json', data: '{}' }, path: ['suggestedName'] },
  'vault.lock': { input: { now: true }, path: [] },
  'audit.anchor': { input: { count: 3 }, path: [] },
  'audit.advance': { input: { count: 2, head: 'Emily Johnson' }, path: ['head'] },
  'role.status': { input: { role: 'supervisor' }, path: [] },
  'role.switch': { input: { profileId: 'p1', role: 'director', secret: null }, path: ['role'] },
  'credential.set': {
    input: { profileId: '../p1', credential: 'x', passphrase: null },
    path: ['profileId'],
  },
  'updates.get': { input: 'x', path: [] },
  'updates.set': { input: { enabled: true, feedUrl: 'http://feed.example' }, path: ['feedUrl'] },
  'sync.status': { input: { refresh: true }, path: [] },
  'sync.signIn': {
    input: { serverUrl: 'https://sync.example', organisation: 'Clair', login: 'a', password: 'x' },
    path: ['organisation'],
  },
  'sync.signOut': { input: { everywhere: true }, path: [] },
  'sync.push': {
    input: { mutations: [{ id: 0, name: 'thread.take', v: 1, args: {}, at: 0 }] },
    path: ['mutations', 0, 'id'],
  },
  'sync.pull': { input: { cursor: -1 }, path: ['cursor'] },
  'sync.waitForChange': { input: { timeoutMs: 60_000 }, path: ['timeoutMs'] },
  'sync.wake': { input: 'now', path: [] },
  'sync.issueEnrolment': {
    input: { passphrase: 'a long passphrase', expiresInMinutes: 24 * 60 + 1 },
    path: ['expiresInMinutes'],
  },
  'sync.claimEnrolment': {
    input: { words: 'abandon ability', passphrase: 'a long passphrase', heldRecords: -1 },
    path: ['heldRecords'],
  },
  'sync.intakeKey': {
    input: { publish: { kid: 'k1', publicKey: 'AAAA' } },
    path: ['publish', 'publicKey'],
  },
  'sync.intakePending': { input: { limit: 201 }, path: ['limit'] },
  'sync.portalAnswersDue': { input: { all: true }, path: [] },
};

describe('bridge router', () => {
  it.each(CHANNEL_NAMES)(
    'answers invalid input to %s with a structured error and does not run the handler',
    async (channel) => {
      const h = handlers();
      const dispatch = createBridgeRouter(h, quiet);
      const { input, path } = INVALID_INPUT[channel];
      const result = await dispatch(channel, input);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('invalid-input');
      expect(result.error.path).toEqual(path);
      expect(result.error.message).toContain(channel);
      expect(result.error.issues.length).toBeGreaterThan(0);
      expect(h[channel]).not.toHaveBeenCalled();
    },
  );

  it('names the field in the message of an invalid settings update', async () => {
    const dispatch = createBridgeRouter(handlers(), quiet);
    const result = await dispatch('settings.update', {
      ...DEFAULT_ORGANISATION_SETTINGS,
      reportSuppressionThreshold: 3,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', path: ['reportSuppressionThreshold'] },
    });
    if (!result.ok)
      expect(result.error.message).toMatch(/reportSuppressionThreshold: must be at least 5/);
  });

  it('lists every problem, each with its path', async () => {
    const dispatch = createBridgeRouter(handlers(), quiet);
    const result = await dispatch('settings.update', {
      ...DEFAULT_ORGANISATION_SETTINGS,
      answerDeadlineBusinessDays: 0,
      closures: [{ from: '2026-12-31', to: '2026-12-29', label: 'Year end' }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining([['answerDeadlineBusinessDays'], ['closures', 0, 'to']]),
    );
  });

  it('passes valid input to the handler and returns its validated output', async () => {
    const h = handlers();
    const dispatch = createBridgeRouter(h, quiet);
    const changed = { ...DEFAULT_ORGANISATION_SETTINGS, answerDeadlineBusinessDays: 4 };
    const result = await dispatch('settings.update', changed);
    expect(result).toEqual({ ok: true, value: { ...state, settings: changed, source: 'file' } });
    expect(h['settings.update']).toHaveBeenCalledWith(changed);
  });

  it('refuses an unknown channel', async () => {
    const result = await createBridgeRouter(handlers(), quiet)('files.delete', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });

  it('refuses output that breaks the contract instead of passing it on', async () => {
    const dispatch = createBridgeRouter(
      handlers({ 'app.info': () => ({ ...info, host: 'toaster' }) as never }),
      quiet,
    );
    const result = await dispatch('app.info', undefined);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-output', path: ['host'] } });
  });

  it('turns a BridgeFailure into its structured error', async () => {
    const dispatch = createBridgeRouter(
      handlers({
        'settings.get': () => {
          throw new BridgeFailure('failed', 'The settings folder is read-only.', ['file']);
        },
      }),
      quiet,
    );
    expect(await dispatch('settings.get', undefined)).toEqual({
      ok: false,
      error: {
        code: 'failed',
        message: 'The settings folder is read-only.',
        path: ['file'],
        issues: [{ path: ['file'], message: 'The settings folder is read-only.' }],
      },
    });
  });

  it('hides the text of an unexpected error from the page and the log', async () => {
    const lines: string[] = [];
    const dispatch = createBridgeRouter(
      handlers({
        'settings.get': () => {
          throw new Error('participant 20123456789 wrote: I feel alone');
        },
      }),
      createLogger({ sink: (l) => lines.push(l) }),
    );
    const result = await dispatch('settings.get', undefined);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    const all = JSON.stringify(result) + lines.join('\n');
    expect(all).not.toContain('20123456789');
    expect(all).not.toContain('alone');
    expect(lines).toHaveLength(1);
  });
});
