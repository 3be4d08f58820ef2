#!/usr/bin/env node
/**
 * Turns the icon's SVG source (resources/icons/icon.svg) into what the installers need:
 *   resources/icons/png/<size>.png   16 … 1024 (the app's PNG sizes)
 *   resources/build/icon.ico         Windows: 16, 24, 32, 48, 64, 128, 256 (PNG entries)
 *   resources/build/icon.icns        macOS: 16 … 1024, @1x and @2x (PNG entries)
 *   resources/build/icon.png         1024 (electron-builder's fallback, and Linux)
 *
 * The PNGs are rendered by librsvg's `rsvg-convert` (Debian: `apt-get install librsvg2-bin`),
 * run only when the SVG changes; the outputs are committed, so a build needs neither. The ICO
 * and ICNS containers are written here, over their published layouts (ICO: ICONDIR + ICONDIRENTRY
 * with PNG payloads, as Windows Vista and later read them; ICNS: 'icns' + length, then typed
 * chunks holding PNGs, as macOS 10.7 and later read them). No npm package is needed.
 *
 * Usage: npm run icons (after changing the SVG; commit what it writes). The unit test
 * tests/unit/packaging/icons.test.ts checks the committed files.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = path.join(root, 'resources/icons/icon.svg');
const PNG_DIR = path.join(root, 'resources/icons/png');
const BUILD_DIR = path.join(root, 'resources/build');

export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** ICNS chunk type → pixel size (Apple's types for PNG payloads). */
export const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024], // 512@2x
  ['ic11', 32], // 16@2x
  ['ic12', 64], // 32@2x
  ['ic13', 256], // 128@2x
  ['ic14', 512], // 256@2x
];

function render(size) {
  try {
    return execFileSync('rsvg-convert', ['-w', String(size), '-h', String(size), SOURCE], {
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const reason =
      error && error.code === 'ENOENT' ? 'rsvg-convert is not installed' : String(error);
    throw new Error(`${reason} (Debian: apt-get install librsvg2-bin); cannot render ${SOURCE}`, {
      cause: error,
    });
  }
}

export function icoFrom(pngs) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(pngs.length, 4);
  const entries = [];
  let offset = 6 + 16 * pngs.length;
  for (const { size, data } of pngs) {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0); // width (0 means 256)
    entry.writeUInt8(size >= 256 ? 0 : size, 1); // height
    entry.writeUInt8(0, 2); // no palette
    entry.writeUInt8(0, 3); // reserved
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(data.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += data.length;
    entries.push(entry);
  }
  return Buffer.concat([header, ...entries, ...pngs.map((p) => p.data)]);
}

export function icnsFrom(chunks) {
  const parts = chunks.map(({ type, data }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(8 + data.length, 4);
    return Buffer.concat([head, data]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

function main() {
  readFileSync(SOURCE); // a clear ENOENT naming the file if the source is missing
  const rendered = new Map(PNG_SIZES.map((size) => [size, render(size)]));
  mkdirSync(PNG_DIR, { recursive: true });
  mkdirSync(BUILD_DIR, { recursive: true });
  for (const [size, data] of rendered) writeFileSync(path.join(PNG_DIR, `${size}.png`), data);
  writeFileSync(
    path.join(BUILD_DIR, 'icon.ico'),
    icoFrom(ICO_SIZES.map((size) => ({ size, data: rendered.get(size) }))),
  );
  writeFileSync(
    path.join(BUILD_DIR, 'icon.icns'),
    icnsFrom(ICNS_TYPES.map(([type, size]) => ({ type, data: rendered.get(size) }))),
  );
  writeFileSync(path.join(BUILD_DIR, 'icon.png'), rendered.get(1024));
  process.stdout.write(
    `icons written: ${PNG_SIZES.length} PNGs, icon.ico (${ICO_SIZES.length}), icon.icns (${ICNS_TYPES.length})\n`,
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
