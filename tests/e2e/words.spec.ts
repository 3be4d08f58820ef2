/**
 * Issue 14 item 5, words a person would write: every page, in English and in Japanese, with the
 * demo data, shows no raw identifier (participant or profile ids, ULIDs, UUIDs), no rule text
 * (RRULE, DTSTART, "TU,TH"), and in Japanese no UI string left in English.
 */
import type { Page } from '@playwright/test';
import { demoOf } from './demo';
import { expect, presetAppearance, SCREENSHOT_DIR, startHost, test } from './host';

/** What no page may show: each with the reason, for the failure message. */
const RAW: { pattern: RegExp; what: string }[] = [
  { pattern: /\bp-\d+\b/i, what: 'a participant id' },
  { pattern: /\b[0-9A-HJKMNP-TV-Z]{26}\b/, what: 'a ULID' },
  {
    pattern: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i,
    what: 'a UUID',
  },
  { pattern: /\b(profile|participant|counsellor|thread|session):[\w-]/i, what: 'an internal key' },
  { pattern: /RRULE|DTSTART|BYDAY|FREQ=/, what: 'rule text' },
  { pattern: /\b(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))+\b/, what: 'weekday codes' },
];

/**
 * Latin words a Japanese page may show: names of things that are written in Latin letters in
 * Japanese too (the programme, the organisation, file formats, the time zone).
 */
const LATIN_IN_JAPANESE = new Set(
  [
    'JET',
    'CLAIR',
    'CO',
    'CSV',
    'XLSX',
    'JSON',
    'PDF',
    'JST',
    'UTC',
    'Counsellor',
    'Workstation',
  ].map((w) => w.toLowerCase()),
);

/** Every Latin word of the demo's own data (names, e-mails, subjects, texts, tags): data, not UI. */
function dataWords(demo: unknown): Set<string> {
  const values: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') values.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(demo);
  return new Set((values.join(' ').match(/[A-Za-z]+/g) ?? []).map((w) => w.toLowerCase()));
}

function findings(text: string, language: 'en' | 'ja', allowed: Set<string>): string[] {
  const found: string[] = [];
  for (const { pattern, what } of RAW) {
    const match = pattern.exec(text);
    if (match) found.push(`${what}: "${context(text, match.index, match[0].length)}"`);
  }
  if (language === 'ja') {
    for (const match of text.matchAll(/[A-Za-z]{4,}/g)) {
      const word = match[0];
      if (LATIN_IN_JAPANESE.has(word.toLowerCase()) || allowed.has(word.toLowerCase())) continue;
      found.push(`English in Japanese: "${context(text, match.index, word.length)}"`);
    }
  }
  return found;
}

function context(text: string, index: number, length: number): string {
  return text.slice(Math.max(0, index - 30), index + length + 30).replace(/\s+/g, ' ');
}

/** The text a person sees, and the accessible names and titles a screen reader reads. */
async function shownText(page: Page): Promise<string> {
  // A string, run in the page (the Node type-check has no DOM types).
  return page.evaluate<string>(`(() => {
    const labels = Array.from(document.querySelectorAll('[aria-label], [title], [alt]'), (el) =>
      el.closest('[aria-hidden="true"]')
        ? ''
        : ['aria-label', 'title', 'alt']
            .map((name) => el.getAttribute(name) ?? '')
            .filter(Boolean)
            .join(' '),
    );
    return document.body.innerText + '\\n' + labels.join('\\n') + '\\n' + document.title;
  })()`);
}

/**
 * Japanese words and dates laid out across two lines ("ビデ/オ", "30/日"): each run of katakana
 * and each number with its 年, 月 or 日 must sit on one line.
 */
async function brokenJapaneseWords(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const broken = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (const match of text.matchAll(/[ァ-ヶー]{2,}|\\d+[年月日]/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set(
          Array.from(range.getClientRects())
            .filter((r) => r.width > 0)
            .map((r) => Math.round(r.top)),
        );
        if (tops.size > 1) broken.push(match[0]);
      }
    }
    return broken;
  })()`);
}

/** The pages a counsellor opens, each with what shows it has loaded. */
const PAGES: { name: string; open(page: Page, origin: string): Promise<void> }[] = [
  {
    name: 'queue',
    open: async (page, origin) => {
      await page.goto(`${origin}/#/queue`);
      await expect(page.locator('.cw-queue-row').first()).toBeVisible({ timeout: 60_000 });
    },
  },
  {
    name: 'thread',
    open: async (page, origin) => {
      await page.goto(`${origin}/#/queue`);
      await page.locator('.cw-queue-row').first().click();
      await expect(page.getByTestId('thread-pane')).toBeVisible({ timeout: 30_000 });
    },
  },
  {
    // A counsellor's weekly windows, exceptions and calendar.
    name: 'availability-counsellor',
    open: async (page, origin) => {
      await page.goto(`${origin}/#/availability`);
      await page.getByRole('combobox').first().click();
      await page.getByRole('option').first().click();
      await expect(page.getByTestId('rules-table')).toBeVisible({ timeout: 30_000 });
    },
  },
  {
    // The whole session log, past outcomes included.
    name: 'sessions-all',
    open: async (page, origin) => {
      await page.goto(`${origin}/#/sessions`);
      await page.getByTestId('sessions-table').waitFor();
      await page.getByText(/^(All|すべて)$/).click();
      await expect(page.getByTestId('sessions-table').getByRole('row').nth(25)).toBeVisible();
    },
  },
  ...(['sessions', 'availability', 'reports', 'audit', 'settings', 'co'] as const).map((route) => ({
    name: route,
    open: async (page: Page, origin: string) => {
      await page.goto(`${origin}/#/${route}`);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible({ timeout: 30_000 });
      await page.waitForLoadState('networkidle');
    },
  })),
];

for (const language of ['en', 'ja'] as const) {
  test(`no raw ids, rule text or ${language === 'ja' ? 'English' : 'internal names'} on any page (${language})`, async ({
    page,
    pageErrors,
  }) => {
    test.setTimeout(240_000);
    const host = await startHost({ demo: true });
    try {
      const allowed = dataWords(await demoOf(host));
      await presetAppearance(page, language, 'light');
      await page.goto(host.url);
      await expect(page.locator('.cw-queue-row').first()).toBeVisible({ timeout: 60_000 });
      const all: string[] = [];
      for (const { name, open } of PAGES) {
        await open(page, host.origin);
        await expect(page.locator('html')).toHaveAttribute('lang', language);
        all.push(...findings(await shownText(page), language, allowed).map((f) => `${name}: ${f}`));
        if (name === 'queue') {
          // An overdue row says by how much, in business days.
          const overdue = page
            .locator('.cw-queue-row')
            .filter({ has: page.locator('[data-status="overdue"]') });
          const byHowMuch =
            language === 'en' ? /overdue by \d+ business days?/ : /期限を\d+営業日超過/;
          await expect(overdue.filter({ hasText: byHowMuch }).first()).toBeVisible();
        }
        // Native time inputs follow the browser's locale ("09:30 PM"), not the service's 24 hours.
        const nativeTimes = await page.locator('input[type="time"]').count();
        if (nativeTimes > 0) all.push(`${name}: ${nativeTimes} native time inputs`);
        if (language === 'ja') {
          const broken = await brokenJapaneseWords(page);
          all.push(...broken.map((word) => `${name}: "${word}" broken across lines`));
        }
        await page.screenshot({
          path: `${SCREENSHOT_DIR}/words-${name}-${language}.png`,
          fullPage: true,
        });
      }
      expect(all, 'raw ids, rule text or untranslated words on the pages').toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await host.stop();
    }
  });
}
