/**
 * The committed icons (written by `npm run icons` from resources/icons/icon.svg): every size the
 * installers need exists and is a valid PNG of that size, inside well-formed ICO and ICNS files.
 */
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  ICNS_TYPES,
  ICO_SIZES,
  PNG_SIZES,
  icnsFrom,
  icoFrom,
} from '../../../scripts/generate-icons.mjs';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height of a PNG, after checking its signature, chunk CRCs' presence and IEND. */
function pngInfo(data: Buffer): { width: number; height: number; pixelsKnown: boolean } {
  expect(data.subarray(0, 8).equals(PNG_SIGNATURE), 'PNG signature').toBe(true);
  expect(data.toString('ascii', 12, 16)).toBe('IHDR');
  const width = data.readUInt32BE(16);
  const height = data.readUInt32BE(20);
  let offset = 8;
  const idat: Buffer[] = [];
  let ended = false;
  while (offset < data.length) {
    const length = data.readUInt32BE(offset);
    const type = data.toString('ascii', offset + 4, offset + 8);
    if (type === 'IDAT') idat.push(data.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
    if (type === 'IEND') {
      ended = true;
      break;
    }
  }
  expect(ended, 'IEND chunk').toBe(true);
  expect(offset).toBe(data.length);
  // The image data inflates (a truncated or damaged PNG does not).
  const raw = inflateSync(Buffer.concat(idat));
  return { width, height, pixelsKnown: raw.length > 0 };
}

describe('icon source', () => {
  it('is a designed SVG on the 1024 grid, not a placeholder', () => {
    const svg = readFileSync('resources/icons/icon.svg', 'utf8');
    expect(svg).toContain('viewBox="0 0 1024 1024"');
    expect((svg.match(/<path /g) ?? []).length).toBeGreaterThanOrEqual(3);
    expect(svg).toContain('<title>Counsellor Workstation</title>');
  });
});

describe('rendered PNG sizes', () => {
  it.each(PNG_SIZES)('%i px exists and is a valid square PNG', (size) => {
    const info = pngInfo(readFileSync(`resources/icons/png/${size}.png`));
    expect(info).toEqual({ width: size, height: size, pixelsKnown: true });
  });

  it('icon.png for the builder is the 1024 px one', () => {
    expect(pngInfo(readFileSync('resources/build/icon.png'))).toMatchObject({ width: 1024 });
  });
});

describe('icon.ico (Windows)', () => {
  const ico = readFileSync('resources/build/icon.ico');

  it('has a valid directory with every Windows size, each a PNG of its size', () => {
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const entry = 6 + 16 * i;
      const declared = ico.readUInt8(entry) || 256;
      const length = ico.readUInt32LE(entry + 8);
      const offset = ico.readUInt32LE(entry + 12);
      expect(offset + length).toBeLessThanOrEqual(ico.length);
      const info = pngInfo(ico.subarray(offset, offset + length));
      expect(info.width).toBe(declared);
      expect(info.height).toBe(declared);
      sizes.push(declared);
    }
    expect(sizes).toEqual(ICO_SIZES);
  });
});

describe('icon.icns (macOS)', () => {
  const icns = readFileSync('resources/build/icon.icns');

  it('has the icns header and every chunk type, each a PNG of its size', () => {
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const found: [string, number][] = [];
    let offset = 8;
    while (offset < icns.length) {
      const type = icns.toString('ascii', offset, offset + 4);
      const length = icns.readUInt32BE(offset + 4);
      expect(length).toBeGreaterThan(8);
      const info = pngInfo(icns.subarray(offset + 8, offset + length));
      expect(info.width).toBe(info.height);
      found.push([type, info.width]);
      offset += length;
    }
    expect(offset).toBe(icns.length);
    expect(found).toEqual(ICNS_TYPES);
  });
});

describe('container writers', () => {
  const png = readFileSync('resources/icons/png/16.png');

  it('write 256 px as 0 in the ICO directory and offsets past the directory', () => {
    const ico = icoFrom([
      { size: 16, data: png },
      { size: 256, data: png },
    ]);
    expect(ico.readUInt8(6 + 16)).toBe(0);
    expect(ico.readUInt32LE(6 + 12)).toBe(6 + 32);
    expect(ico.readUInt32LE(6 + 16 + 12)).toBe(6 + 32 + png.length);
  });

  it('write the total length into the ICNS header', () => {
    const icns = icnsFrom([{ type: 'icp4', data: png }]);
    expect(icns.readUInt32BE(4)).toBe(16 + png.length);
    expect(icns.readUInt32BE(12)).toBe(8 + png.length);
  });
});
