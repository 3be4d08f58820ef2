/**
 * Issue 8 end to end, with the demo data: the Reports page (period picker, tables, charts, the
 * legend of `*`, the preview of the export), the Counselling Assistance Programme ledger (claims,
 * subsidy, remaining allowance, errors naming the field, soft deletion), and a supervisor's exports
 * as CSV, XLSX and PDF, read back from disk: none holds a JET number, a name, an e-mail, a subject,
 * a message text, a provider or a record id, and nothing is finer than a month. Every export is in
 * the audit log; the CO view never reaches the page.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { pdfText } from '../unit/main/services/pdf-text';
import {
  SCREENSHOT_DIR,
  expect,
  expectNoSeriousA11yViolations,
  presetAppearance,
  startHost,
  test,
  type Host,
} from './host';
import { addSupervisor, switchToSupervisor } from './supervisor';

interface Demo {
  participants: { id: string; jetNumber: string | null; name: string; email: string }[];
  counsellors: { id: string; name: string }[];
  messages: { id: string; threadId: string; subject?: string; body: string }[];
  sessions?: { id: string }[];
}

/** The demo dataset exactly as the host offers it to the page. */
async function demoOf(host: Host): Promise<Demo> {
  const response = await fetch(`${host.origin}/bridge/demo.dataset`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-CW-Token': host.token },
    body: '{}',
  });
  const result = (await response.json()) as { ok: true; value: { text: string } };
  return JSON.parse(result.value.text) as Demo;
}

const PROVIDERS = ['Tokyo Counselling Rooms', 'Dr Hana Mori, Sapporo Clinic', 'Kobe Mind Centre'];

/** Everything a report or its files must never hold. */
function forbiddenOf(demo: Demo): string[] {
  return [
    ...demo.participants.flatMap((p) => [
      p.id,
      p.name,
      p.email,
      ...(p.jetNumber ? [p.jetNumber] : []),
    ]),
    ...demo.counsellors.map((c) => c.name),
    ...demo.messages.flatMap((m) => [
      m.id,
      m.threadId,
      ...(m.subject ? [m.subject] : []),
      m.body,
      m.body.slice(0, 24),
    ]),
    ...(demo.sessions ?? []).map((s) => s.id),
    ...PROVIDERS,
    '•••',
  ].filter((value) => value.trim().length >= 3);
}

function expectNoneOf(text: string, forbidden: readonly string[], where: string) {
  const found = forbidden.filter((value) => text.includes(value));
  expect(found, `found in ${where}`).toEqual([]);
}

/** A date or a time: finer than a month. */
const FINER_THAN_A_MONTH = /\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}\b/;
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])(\.\.\d{4}-(0[1-9]|1[0-2]))?$/;

async function switchTo(page: Page, name: string) {
  await page.getByTestId('profile-menu').click();
  await page.getByRole('menuitem', { name: new RegExp(name) }).click();
}

async function addProfile(page: Page, name: string, role: 'Supervisor' | 'CO view') {
  await page.getByTestId('profile-menu').click();
  await page.getByRole('menuitem', { name: 'Manage profiles…' }).click();
  const profiles = page.getByRole('region', { name: 'Profiles' });
  await profiles.getByLabel('Name').fill(name);
  await profiles.getByRole('combobox', { name: 'Role' }).click();
  await page.getByRole('option', { name: role }).click();
  await profiles.getByRole('button', { name: 'Add profile' }).click();
  await expect(page.getByTestId('profiles-table')).toContainText(name);
}

async function setPeriod(page: Page, from: string, to: string) {
  const period = page.getByTestId('report-period');
  await period.getByLabel('From (month)').fill(from);
  await period.getByLabel('To (month)').fill(to);
}

async function addClaim(page: Page, date: string, provider: string, cost: string) {
  const ledger = page.getByTestId('ledger');
  await ledger.getByLabel('Date of counselling').fill(date);
  await ledger.getByLabel('Provider').fill(provider);
  await ledger.getByLabel('Cost not covered by insurance (¥)').fill(cost);
  await ledger.getByRole('button', { name: 'Add claim' }).click();
}

async function exportAs(page: Page, format: 'CSV' | 'XLSX' | 'PDF', dataDir: string) {
  await page.getByRole('button', { name: `Export ${format}` }).click();
  const saved = page.getByText(`Saved the report (${format}) to `);
  await expect(saved).toBeVisible({ timeout: 30_000 });
  const savedPath = /to (.+)$/.exec((await saved.textContent()) ?? '')?.[1] ?? '';
  expect(savedPath.startsWith(path.join(dataDir, 'exports'))).toBe(true);
  expect(savedPath.endsWith(`.${format.toLowerCase()}`)).toBe(true);
  return savedPath;
}

/** Closes the notifications, so a screenshot shows what they covered; scrolls to the top. */
async function tidy(page: Page, closeLabel = 'Close notification') {
  const close = page.getByRole('button', { name: closeLabel });
  // A notification may close by itself between the count and the click.
  while ((await close.count()) > 0)
    await close
      .first()
      .click({ timeout: 2_000 })
      .catch(() => undefined);
  await page.evaluate('window.scrollTo(0, 0)');
}

/** Every text of a workbook: cell values, sheet names and document properties. */
async function workbookText(file: string): Promise<{ text: string; cells: string[] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
  const cells: string[] = [];
  workbook.eachSheet((sheet) => {
    cells.push(sheet.name);
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        cells.push(cell.text);
      }),
    );
  });
  const props = [workbook.creator, workbook.lastModifiedBy, workbook.title, workbook.company];
  return { text: [...cells, ...props].join('\n'), cells };
}

test('reports: period, tables, charts, legend, preview, the ledger, and exports with nothing identifying', async ({
  page,
  pageErrors,
}) => {
  test.setTimeout(300_000);
  const host = await startHost({ demo: true });
  try {
    const demo = await demoOf(host);
    const forbidden = forbiddenOf(demo);
    const jetNumbers = demo.participants.flatMap((p) => (p.jetNumber ? [p.jetNumber] : []));
    await presetAppearance(page, 'en', 'light');
    await page.goto(host.url);
    await expect(page.getByRole('option').first()).toBeVisible({ timeout: 60_000 });

    // A counsellor opens Reports: this fiscal year by default, tables, legend, charts; no export.
    await page.getByRole('navigation').getByRole('link', { name: 'Reports' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();
    const period = page.getByTestId('report-period');
    await expect(period.getByLabel('From (month)')).toHaveValue('2026-04');
    await expect(period.getByLabel('To (month)')).toHaveValue('2027-03');
    await expect(period.getByRole('button', { name: 'This fiscal year' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    const table = page.getByTestId('report-table');
    await expect(table).toBeVisible({ timeout: 30_000 });
    await expect(table.getByRole('columnheader', { name: 'Apr 2026' })).toBeVisible();
    await expect(table.getByRole('columnheader', { name: /Fiscal year/ })).toBeVisible();
    await expect(table.getByRole('rowheader', { name: 'All', exact: true })).toBeVisible();
    await expect(table.locator('[data-suppressed]').first()).toHaveText('*');
    await expect(page.getByTestId('report-legend')).toContainText(
      '* marks a suppressed cell: a count of 1 to 9 events or participants',
    );
    await expect(page.getByTestId('report-chart')).toHaveCount(4);
    await expect(page.getByTestId('report-export-note')).toHaveText(
      'Reports are exported by a supervisor.',
    );
    await expect(page.getByRole('button', { name: /^Export / })).toHaveCount(0);
    await page.waitForLoadState('networkidle');
    expectNoneOf(await page.content(), forbidden, '#/reports (counsellor)');
    await expectNoSeriousA11yViolations(page);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/reports-page-en-light.png`, fullPage: true });

    // Change the period; refused periods say why, under the field.
    await setPeriod(page, '2026-06', '2026-11');
    await expect(page.getByTestId('report-period-summary')).toHaveText(
      '2026-06 to 2026-11, JST months (6 months)',
    );
    await expect(table.getByRole('columnheader', { name: 'Apr 2026' })).toHaveCount(0);
    await expect(table.getByRole('columnheader', { name: 'Nov 2026' })).toBeVisible();
    await period.getByLabel('To (month)').fill('2026-05');
    await expect(period).toContainText(
      'The first month (2026-06) is after the last month (2026-05).',
    );
    await expect(table).toHaveCount(0);
    await setPeriod(page, '2010-01', '2026-11');
    await expect(period).toContainText('A report covers at most 120 months; this period has 203.');
    // A period with nothing in it says so.
    await setPeriod(page, '2024-01', '2024-03');
    await expect(page.getByTestId('report-empty')).toHaveText(
      'No data in this period: no message received, no session with an outcome and no claim from 2024-01 to 2024-03.',
    );
    await period.getByRole('button', { name: 'Last 3 months' }).click();
    await expect(period.getByLabel('From (month)')).toHaveValue('2026-09');
    await expect(period.getByLabel('To (month)')).toHaveValue('2026-11');
    await expect(table.getByRole('columnheader', { name: /^Sept? 2026$/ })).toBeVisible();

    // A share: not published where its denominator is below T, and the note says so.
    await page.getByTestId('report-measure').click();
    await page.getByRole('option', { name: 'Share answered on time' }).click();
    await expect(table).toHaveAttribute('data-measure', 'on-time-share');
    await expect(page.getByTestId('report-derived-note')).toBeVisible();
    // By counsellor: a category per counsellor, by alias: never an id as typed, never a name.
    await page.getByLabel('By counsellor').check();
    // Answers are broken down by counsellor; what was received is not (see docs/reports.md).
    await page.getByTestId('report-measure').click();
    await page.getByRole('option', { name: 'Messages answered', exact: true }).click();
    await expect(table).toHaveAttribute('data-measure', 'messages-answered');
    await expect(table.getByRole('rowheader', { name: /^Counsellor \d+$/ }).first()).toBeVisible({
      timeout: 30_000,
    });
    expectNoneOf(await page.content(), forbidden, '#/reports by counsellor');
    await page.getByTestId('report-measure').click();
    await page.getByRole('option', { name: 'Messages received', exact: true }).click();
    await expect(table).toHaveAttribute('data-measure', 'messages-received');
    await expect(table.getByRole('rowheader', { name: /^Counsellor \d+$/ })).toHaveCount(0);
    await page.getByLabel('By counsellor').uncheck();

    // The preview: exactly the CSV's lines.
    await page.getByRole('tab', { name: 'Preview of the export' }).click();
    await expect(page).toHaveURL(/#\/reports\/preview$/);
    const preview = page.getByTestId('report-preview-table');
    await expect(preview.getByRole('columnheader')).toHaveText([
      'period',
      'measure',
      'category',
      'value',
    ]);
    await expect(preview.getByRole('row').nth(1)).toHaveText(/^2026-09messages-receivedall\d+$/);
    await expect(page.getByTestId('report-preview-range')).toHaveText(/^Rows 1–50 of \d{3,}/);
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(page.getByTestId('report-preview-range')).toHaveText(/^Rows 51–100 of /);
    await expectNoSeriousA11yViolations(page);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/reports-preview-en-light.png` });

    // No release yet: the register is empty.
    await page.getByRole('tab', { name: 'Releases' }).click();
    await expect(page).toHaveURL(/#\/reports\/releases$/);
    await expect(page.getByTestId('releases-empty')).toHaveText(
      'No report has been exported from this workstation yet.',
    );

    // The ledger: a participant's claims, subsidy and remaining allowance.
    await page.getByRole('tab', { name: 'Assistance Programme ledger' }).click();
    await expect(page).toHaveURL(/#\/reports\/ledger$/);
    const ledger = page.getByTestId('ledger');
    const someone = demo.participants.find((p) => p.jetNumber !== null)!;
    await ledger.getByRole('combobox', { name: 'Participant' }).fill(someone.name);
    await page
      .getByRole('option', { name: new RegExp(`^${someone.name} \\(•{7}\\d{2}\\)$`) })
      .click();
    await expect(ledger.getByTestId('ledger-remaining')).toHaveText('¥30,000 of ¥30,000');
    await expect(ledger).toContainText('No claims yet.');
    await ledger.getByRole('button', { name: 'Add claim' }).click();
    await expect(ledger).toContainText('Date of counselling: enter the date (YYYY-MM-DD).');
    await expect(ledger).toContainText('Provider: enter who gave the counselling.');
    await expect(ledger).toContainText('Cost: enter the cost in whole yen.');
    await addClaim(page, '2026-12-05', PROVIDERS[0]!, '12345');
    await expect(ledger).toContainText('Date of counselling: the date is in the future.');
    await ledger.getByLabel('Date of counselling').fill('2026-11-20');
    await expect(ledger.getByTestId('ledger-would-be')).toHaveText(
      'Subsidy for this claim: ¥6,172 · remaining afterwards ¥23,828',
    );
    await ledger.getByRole('button', { name: 'Add claim' }).click();
    await expect(ledger.getByTestId('ledger-remaining')).toHaveText('¥23,828 of ¥30,000');
    const fy2026 = ledger.getByRole('table', { name: 'Claims in FY2026' });
    await expect(fy2026.getByRole('row').nth(1)).toHaveText(
      /2026-11-20.*Tokyo Counselling Rooms.*¥12,345.*¥6,172.*¥23,828/,
    );
    // Over the cap: the subsidy is what is left, and the table says how much the cap took.
    await addClaim(page, '2026-11-25', PROVIDERS[1]!, '50000');
    await expect(ledger.getByTestId('ledger-remaining')).toHaveText('¥0 of ¥30,000');
    await expect(fy2026.getByRole('row').nth(2)).toContainText('¥23,828');
    await expect(fy2026.getByRole('row').nth(2)).toContainText('capped: ¥1,172 over the limit');
    // The previous coverage period has its own allowance.
    await addClaim(page, '2026-03-10', PROVIDERS[2]!, '9999');
    const fy2025 = ledger.getByRole('table', { name: 'Claims in FY2025' });
    await expect(fy2025.getByRole('row').nth(1)).toHaveText(/2026-03-10.*¥9,999.*¥4,999.*¥25,001/);
    await expect(ledger.getByTestId('ledger-remaining')).toHaveText('¥0 of ¥30,000');
    await expect(
      ledger.getByText(/^Claims: 1 · subsidy ¥4,999 · remaining ¥25,001$/),
    ).toBeVisible();
    // Soft deletion, confirmed first.
    await fy2026.getByRole('button', { name: 'Delete the claim of 2026-11-25' }).click();
    await fy2026.getByRole('button', { name: 'Confirm delete' }).click();
    await expect(ledger.getByTestId('ledger-remaining')).toHaveText('¥23,828 of ¥30,000');
    await expect(fy2026.getByRole('row')).toHaveCount(2);
    await addClaim(page, '2026-11-26', PROVIDERS[1]!, '4000');
    await expect(ledger.getByTestId('ledger-remaining')).toHaveText('¥21,828 of ¥30,000');
    await expect(ledger.getByTestId('ledger-would-be')).toHaveCount(0);
    // The JET number only masked.
    expectNoneOf(await page.content(), jetNumbers, '#/reports/ledger');
    await expectNoSeriousA11yViolations(page);
    await tidy(page);
    await page.screenshot({
      path: `${SCREENSHOT_DIR}/reports-ledger-en-light.png`,
      fullPage: true,
    });

    // A supervisor exports. The report has the claims as totals only.
    // A supervisor has their own credential (tests/e2e/supervisor.ts).
    await addSupervisor(page, 'Sam Supervisor');
    await switchToSupervisor(page, 'Sam Supervisor');
    await page.goto(`${host.origin}/#/reports`);
    await expect(page.getByTestId('report-table')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('report-export-note')).toHaveCount(0);
    await page.getByTestId('report-measure').click();
    await page.getByRole('option', { name: 'Assistance Programme claims' }).click();
    await expect(page.getByTestId('report-table')).toHaveAttribute('data-measure', 'cap-claims');
    const csvPath = await exportAs(page, 'CSV', host.dataDir);
    const xlsxPath = await exportAs(page, 'XLSX', host.dataDir);
    const pdfPath = await exportAs(page, 'PDF', host.dataDir);
    // Worked out again with the register, the page keeps the measure chosen.
    await expect(page.getByTestId('report-linked')).toBeVisible();
    await expect(page.getByTestId('report-table')).toHaveAttribute('data-measure', 'cap-claims');
    await page.screenshot({ path: `${SCREENSHOT_DIR}/reports-exported-en-light.png` });
    expect(readdirSync(path.join(host.dataDir, 'exports')).sort()).toEqual(
      [csvPath, xlsxPath, pdfPath].map((p) => path.basename(p)).sort(),
    );

    // CSV: the long form, periods of months only, nothing identifying.
    const csv = readFileSync(csvPath, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('period,measure,category,value');
    expect(lines.length).toBeGreaterThan(100);
    for (const line of lines.slice(1)) {
      const [p, measure, category, value, ...rest] = line.split(',');
      expect(rest, line).toEqual([]);
      expect(p, line).toMatch(PERIOD);
      expect(measure, line).toMatch(/^[a-z0-9-]+$/);
      expect(category, line).toMatch(/^[a-z0-9][a-z0-9:._-]*$/);
      expect(value, line).toMatch(/^(\*|\d+(\.\d+)?)$/);
    }
    expect(lines).toContain('2026-11,cap-claims,all,*');
    expect(lines.some((l) => l.startsWith('2026-04..2027-03,cap-subsidy-yen,all,'))).toBe(true);
    expectNoneOf(csv, forbidden, 'the CSV');
    expect(csv).not.toMatch(FINER_THAN_A_MONTH);

    // XLSX: every cell and property.
    const xlsx = await workbookText(xlsxPath);
    expect(xlsx.cells).toContain('messages-received');
    expect(xlsx.cells).toContain('*');
    expectNoneOf(xlsx.text, forbidden, 'the XLSX');
    for (const cell of xlsx.cells) expect(cell).not.toMatch(FINER_THAN_A_MONTH);

    // PDF: its text, extracted.
    const pdf = await pdfText(readFileSync(pdfPath));
    expect(pdf).toContain('2026-04');
    expect(pdf).toContain('*');
    expectNoneOf(pdf, forbidden, 'the PDF');
    expect(pdf).not.toMatch(FINER_THAN_A_MONTH);

    // The register: the three releases, newest first, linked to the period shown. The report is
    // now suppressed with them; nothing changed, so a new export has the same figures.
    await page.getByRole('tab', { name: 'Tables and charts' }).click();
    await expect(page.getByTestId('report-linked')).toContainText('(3, see Releases)');
    await page.getByRole('tab', { name: 'Releases' }).click();
    const releases = page.getByTestId('releases-table');
    await expect(releases.getByRole('row')).toHaveCount(4);
    for (const [i, format] of ['PDF', 'XLSX', 'CSV'].entries()) {
      const row = releases.getByRole('row').nth(i + 1);
      await expect(row).toContainText('2026-04 – 2027-03');
      await expect(row).toContainText(format);
      await expect(row).toContainText('Sam Supervisor');
      await expect(row.getByText('Linked', { exact: true })).toBeVisible();
    }
    await expectNoSeriousA11yViolations(page);
    await tidy(page);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/reports-releases-en-light.png` });
    const again = await exportAs(page, 'CSV', host.dataDir);
    expect(readFileSync(again, 'utf8')).toBe(csv);
    await expect(releases.getByRole('row')).toHaveCount(5);

    // One audit entry per file, before it was written.
    await page.getByRole('navigation').getByRole('link', { name: 'Audit' }).click();
    const audit = page.getByTestId('audit-table');
    const exports = audit
      .getByRole('row')
      .filter({ hasText: 'anonymised report 2026-04 – 2027-03' });
    await expect(exports).toHaveCount(4);
    for (const [format, times] of [
      ['CSV', 2],
      ['XLSX', 1],
      ['PDF', 1],
    ] as const)
      await expect(exports.filter({ hasText: `exported as ${format}` })).toHaveCount(times);

    // In Japanese and dark: the report and the ledger.
    const ja = await page.context().newPage();
    await presetAppearance(ja, 'ja', 'dark');
    await ja.goto(host.url.replace('#/queue', '#/reports'));
    await expect(ja.getByRole('heading', { level: 1, name: 'レポート' })).toBeVisible({
      timeout: 60_000,
    });
    await expect(ja.getByTestId('report-table')).toBeVisible({ timeout: 30_000 });
    await expect(ja.getByTestId('report-chart')).toHaveCount(4);
    await expectNoSeriousA11yViolations(ja);
    await ja.screenshot({ path: `${SCREENSHOT_DIR}/reports-page-ja-dark.png`, fullPage: true });
    // The PDF in Japanese, with nothing identifying either.
    await ja.getByRole('button', { name: 'PDFを出力' }).click();
    const savedJa = ja.getByText('レポート（PDF）を保存しました：');
    await expect(savedJa).toBeVisible({ timeout: 30_000 });
    // The first page, still on the audit log, shows the new export's entry without a reload
    // (the log reads live, whoever writes it).
    await expect(exports).toHaveCount(5);
    const jaPdfPath = /：(.+\.pdf)$/.exec((await savedJa.textContent()) ?? '')?.[1] ?? '';
    expect(jaPdfPath.startsWith(path.join(host.dataDir, 'exports'))).toBe(true);
    const jaPdf = await pdfText(readFileSync(jaPdfPath));
    expect(jaPdf).toContain('カウンセリングサービス利用状況（匿名化レポート）');
    expect(jaPdf).toContain('受信したメッセージ');
    expectNoneOf(jaPdf, forbidden, 'the Japanese PDF');
    expect(jaPdf).not.toMatch(FINER_THAN_A_MONTH);
    await ja.getByRole('tab', { name: '公表済みレポート' }).click();
    await expect(ja.getByTestId('releases-table').getByRole('row')).toHaveCount(6);
    await expectNoSeriousA11yViolations(ja);
    await tidy(ja, '通知を閉じる');
    await ja.screenshot({ path: `${SCREENSHOT_DIR}/reports-releases-ja-dark.png` });
    await ja.getByRole('tab', { name: 'カウンセリング費用補助の台帳' }).click();
    await ja.getByTestId('ledger').getByRole('combobox', { name: '利用者' }).fill(someone.name);
    await ja.getByRole('option', { name: new RegExp(`^${someone.name}`) }).click();
    await expect(ja.getByTestId('ledger-remaining')).toHaveText('30,000円中 21,828円');
    await expectNoSeriousA11yViolations(ja);
    await tidy(ja, '通知を閉じる');
    await ja.screenshot({ path: `${SCREENSHOT_DIR}/reports-ledger-ja-dark.png`, fullPage: true });
    await ja.close();

    // The CO view never reaches Reports.
    await addProfile(page, 'CO view', 'CO view');
    await switchTo(page, 'CO view');
    await expect(page).toHaveURL(/#\/co$/);
    for (const route of ['reports', 'reports/ledger', 'reports/preview']) {
      await page.goto(`${host.origin}/#/${route}`);
      await expect(page).toHaveURL(/#\/co$/);
      await expect(page.getByTestId('reports-page')).toHaveCount(0);
    }
    await expect(page.getByRole('navigation').getByRole('link')).toHaveText(['CO view']);
    expect(pageErrors).toEqual([]);
  } finally {
    // The page stops calling the host before the host stops.
    await page.close();
    await host.stop();
  }
});
