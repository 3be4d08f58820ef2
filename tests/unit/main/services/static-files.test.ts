import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveStaticFile } from '../../../../src/main/services/static-files';

const root = path.resolve('/srv/app/renderer');

describe('resolveStaticFile', () => {
  it('serves index.html for the root and files below the folder', () => {
    expect(resolveStaticFile(root, '/')).toEqual({
      ok: true,
      file: path.join(root, 'index.html'),
      contentType: 'text/html; charset=utf-8',
    });
    expect(resolveStaticFile(root, '/assets/index-abc.js')).toMatchObject({
      ok: true,
      file: path.join(root, 'assets', 'index-abc.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
  });

  it.each([
    '/../package.json',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/assets/..%2f..%2fsecret',
    '/assets/..%5c..%5csecret',
    '/index.html%00.js',
    '/%E0%A4%A',
  ])('refuses %s', (pathname) => {
    const result = resolveStaticFile(root, pathname);
    expect(result.ok).toBe(false);
  });
});
