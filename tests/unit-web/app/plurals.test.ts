/** Counts through i18next's plurals (issue 14 item 5): "1 entry", never "1 entries". */
import { describe, expect, it } from 'vitest';
import { en } from '../../../src/renderer/i18n/en';
import { ja } from '../../../src/renderer/i18n/ja';
import { tEn as t } from '../i18n-fixture';

function keys(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([k, v]) =>
    typeof v === 'string' ? [prefix + k] : keys(v as object, `${prefix}${k}.`),
  );
}

describe('plurals', () => {
  it('one and many read right in English', () => {
    expect(t('queue.outbox', { count: 1 })).toBe('1 change waiting to sync');
    expect(t('queue.outbox', { count: 2 })).toBe('2 changes waiting to sync');
    expect(t('audit.ok', { count: 1 })).toBe('The chain is intact: 1 entry.');
    expect(t('sessions.shown', { count: 1 })).toBe('1 session');
    expect(t('sessions.exported', { count: 1, path: 'x.csv' })).toBe('Saved 1 session to x.csv');
    expect(t('audit.objects.sessionLog', { count: 1 })).toBe('session log (1 row)');
    expect(t('queue.overdueBy', { count: 1 })).toBe('overdue by 1 business day');
    expect(t('queue.overdueBy', { count: 3 })).toBe('overdue by 3 business days');
    expect(t('sync.serverRestored.replies', { count: 1 })).toBe(
      'One reply of yours that the server no longer has is back as the draft of its conversation. It may have reached the participant before the restore: read it, then send it again if it is still needed.',
    );
    expect(t('sync.serverRestored.replies', { count: 2 })).toMatch(/^2 replies of yours .* drafts/);
    expect(t('sync.serverRestored.threadsMissing', { count: 3 })).toMatch(
      /^3 of those conversations are not on the server either/,
    );
  });

  it('every _one has its _other, in both languages', () => {
    for (const strings of [en, ja]) {
      const all = new Set(keys(strings));
      for (const key of all) {
        if (key.endsWith('_one')) expect(all).toContain(key.replace(/_one$/, '_other'));
        if (key.endsWith('_other')) expect(all).toContain(key.replace(/_other$/, '_one'));
      }
    }
  });
});
