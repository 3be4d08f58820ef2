import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOST_HELP, parseHostArgs } from '../../../src/host/args';

describe('browser host flags', () => {
  it('reads port, data folder and pinned clock', () => {
    expect(
      parseHostArgs(['--port', '0', '--data-dir', '/tmp/x', '--now', '2026-11-30T10:00:00+09:00']),
    ).toEqual({
      port: 0,
      newOrigin: false,
      dataDir: '/tmp/x',
      now: '2026-11-30T10:00:00+09:00',
      rebuild: false,
      demo: false,
      demoMessages: 600,
      passphraseFile: null,
    });
  });

  it('no --port is null (the data folder decides); --new-origin is read', () => {
    expect(parseHostArgs([])).toMatchObject({ port: null, newOrigin: false });
    expect(parseHostArgs(['--new-origin', '--port', '6000'])).toMatchObject({
      port: 6000,
      newOrigin: true,
    });
  });

  it('--passphrase-file is read as an absolute path', () => {
    expect(parseHostArgs(['--passphrase-file', 'pass.txt'])).toMatchObject({
      passphraseFile: path.resolve('pass.txt'),
    });
  });

  it.each([
    [['--port', 'eighty'], /--port: "eighty"/],
    [['--port', '70000'], /--port/],
    [['--now', '2026-11-30 10:00'], /--now: "2026-11-30 10:00"/],
    [['--now', '2026-11-30T10:00:00'], /with an offset/],
    [['--colour'], /--colour/],
  ])('refuses %j and names the flag', (argv, message) => {
    expect(() => parseHostArgs(argv)).toThrow(message);
  });

  it('lists every flag it takes in --help', () => {
    for (const flag of [
      '--port',
      '--new-origin',
      '--data-dir',
      '--now',
      '--rebuild',
      '--passphrase-file',
      '--help',
    ])
      expect(HOST_HELP).toContain(flag);
  });
});

describe('demo flags', () => {
  it('--demo loads 600 messages by default; --demo-messages sets the size and implies --demo', () => {
    expect(parseHostArgs(['--demo'])).toMatchObject({ demo: true, demoMessages: 600 });
    expect(parseHostArgs(['--demo-messages', '50000'])).toMatchObject({
      demo: true,
      demoMessages: 50000,
    });
    expect(parseHostArgs([])).toMatchObject({ demo: false });
  });

  it('refuses a size that is not a whole number and names the flag', () => {
    expect(() => parseHostArgs(['--demo-messages', 'lots'])).toThrow(/--demo-messages: "lots"/);
    expect(() => parseHostArgs(['--demo-messages', '0'])).toThrow(/--demo-messages/);
  });
});
