import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  BACKUP_EXTENSION,
  DATASET_EXTENSION,
  commandForFile,
} from '../../../src/main/electron/open-file';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const Ajv = require('ajv') as new (options: object) => {
  compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] | null };
};

const config = yaml.load(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown>;

describe('electron-builder configuration', () => {
  it('is valid against electron-builder’s own schema', () => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true }).compile(
      schema,
    );
    const valid = validate(config);
    expect(validate.errors ?? [], 'schema errors').toEqual([]);
    expect(valid).toBe(true);
  });

  it('packages the built app with the security fuses set', () => {
    expect(config.productName).toBe('Counsellor Workstation');
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });

  it('builds a per-user NSIS installer for Windows x64 and arm64', () => {
    expect(config.win).toEqual({ target: [{ target: 'nsis', arch: ['x64', 'arm64'] }] });
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      allowElevation: false,
    });
  });

  it('builds a dmg and a zip for macOS, universal, with the hardened runtime', () => {
    expect(config.mac).toMatchObject({
      target: [
        { target: 'dmg', arch: 'universal' },
        { target: 'zip', arch: 'universal' },
      ],
      hardenedRuntime: true,
    });
  });

  it('associates the dataset and backup files the app opens, and nothing else', () => {
    const associations = config.fileAssociations as { ext: string; name: string }[];
    expect(associations.map((a) => a.ext)).toEqual([DATASET_EXTENSION, BACKUP_EXTENSION]);
    for (const a of associations) expect(commandForFile(`x.${a.ext}`)).not.toBeNull();
  });

  it('holds no signing secret or identity: they come from the environment only', () => {
    const text = readFileSync('electron-builder.yml', 'utf8');
    const keys = JSON.stringify(config);
    for (const key of [
      'cscLink',
      'cscKeyPassword',
      'certificateFile',
      'certificatePassword',
      'certificateSubjectName',
      'certificateSha1',
      'identity',
      'azureSignOptions',
      'appleId',
      'appleApiKey',
      'teamId',
    ]) {
      expect(keys, key).not.toContain(`"${key}"`);
    }
    expect(text).not.toMatch(/-----BEGIN|password\s*:/i);
    expect(config.forceCodeSigning).toBe(false);
  });

  it('finds the icons in buildResources, and the update feed is a placeholder', () => {
    const dir = (config.directories as { buildResources: string }).buildResources;
    for (const file of ['icon.ico', 'icon.icns', 'icon.png'])
      expect(existsSync(path.join(dir, file)), file).toBe(true);
    expect(config.publish).toEqual([
      { provider: 'generic', url: 'https://updates.invalid/counsellor-workstation' },
    ]);
  });
});
