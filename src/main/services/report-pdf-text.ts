/**
 * The fixed words of the report PDF in English and Japanese (issue 8; the renderer's strings are
 * in src/renderer/i18n, which the main process does not load). Only the report's own tokens are
 * ever put into them: measures, categories and months, never free text. A token without a label
 * (a measure or category added later) is shown as the token itself.
 *
 * The Japanese PDF is set in Noto Sans JP (SIL Open Font License, from the npm package
 * @expo-google-fonts/noto-sans-jp, regular and bold only); the English one in the standard
 * Helvetica, which needs no font file.
 */
import { createRequire } from 'node:module';

export const PDF_LANGUAGES = ['en', 'ja'] as const;
export type PdfLanguage = (typeof PDF_LANGUAGES)[number];

export interface PdfText {
  title: string;
  subject(from: string, to: string): string;
  period(from: string, to: string): string;
  threshold(t: number): string;
  legend(t: number): string;
  notes: readonly string[];
  category: string;
  continued(measure: string): string;
  page(n: number, of: number): string;
  footer(from: string, to: string): string;
  measure(token: string): string;
  categoryLabel(token: string): string;
  monthName(month: string): string;
  /** The PDF's `lang`. */
  lang: string;
}

const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A measure's heading in the English PDF: `on-time-share` → `On time share`. */
export function measureTitle(measure: string): string {
  const words = measure.replace(/[-_.:]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const REPORT_TITLE = 'Counselling service usage — anonymised report';

const EN: PdfText = {
  title: REPORT_TITLE,
  subject: (from, to) => `Anonymised usage figures, ${from} to ${to}`,
  period: (from, to) => `Report period: ${EN.monthName(from)} to ${EN.monthName(to)}`,
  threshold: (t) => `Suppression threshold: T = ${t}`,
  legend: (t) =>
    `* = suppressed (fewer than ${t} events or participants, or needed to protect one)`,
  notes: [
    'Counts by month and category only: no identifiers, no free text, nothing finer than a month.',
    'Periods: YYYY-MM is one month; YYYY-MM..YYYY-MM is a span of months. – = no figure.',
    'Charts show the all category per month; a hatched box marked * is a suppressed month, and ' +
      'its height means nothing.',
  ],
  category: 'Category',
  continued: (measure) => `${measure} (continued)`,
  page: (n, of) => `Page ${n} of ${of}`,
  footer: (from, to) => `${REPORT_TITLE} · ${from} to ${to}`,
  measure: measureTitle,
  categoryLabel: (token) => token,
  monthName: (month) => `${EN_MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`,
  lang: 'en',
};

export const JA_MEASURES: Readonly<Record<string, string>> = {
  'messages-received': '受信したメッセージ',
  'messages-answered': '回答したメッセージ',
  'messages-answered-on-time': '期限内に回答したメッセージ',
  'on-time-share': '期限内回答の割合',
  'answer-hours-median': '回答までの時間（中央値、受付時間）',
  'answer-hours-p90': '回答までの時間（90パーセンタイル、受付時間）',
  'messages-over-limit': '1,200字を超えるメッセージ',
  sessions: 'ビデオセッション',
  participants: '利用者数（重複なし）',
  'cap-claims': '費用補助の申請',
  'cap-subsidy-yen': '費用補助の支給額（円）',
};

export const JA_CATEGORIES: Readonly<Record<string, string>> = {
  all: '全体',
  'language:en': '英語',
  'language:ja': '日本語',
  'language:unknown': '言語不明',
  'topic:isolation': 'テーマ：孤立',
  'topic:work-stress': 'テーマ：職場のストレス',
  'topic:culture-shock': 'テーマ：カルチャーショック',
  'topic:health': 'テーマ：健康',
  'topic:mental-health': 'テーマ：メンタルヘルス',
  'topic:relationships': 'テーマ：人間関係',
  'topic:stress': 'テーマ：ストレス',
  'topic:family': 'テーマ：家族',
  'topic:identity': 'テーマ：アイデンティティ',
  'topic:housing': 'テーマ：住まい',
  'topic:safety': 'テーマ：安全',
  'topic:other': 'テーマ：その他',
  'outcome:completed': '結果：実施済み',
  'outcome:cancelled': '結果：キャンセル',
  'outcome:late-cancelled': '結果：直前キャンセル',
  'outcome:no-show': '結果：無断欠席',
  'counsellor:none': '未回答',
};

const JA_TITLE = 'カウンセリングサービス利用状況（匿名化レポート）';
const jaMonth = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;

const JA: PdfText = {
  title: JA_TITLE,
  subject: (from, to) => `匿名化された利用統計（${from}〜${to}）`,
  period: (from, to) => `対象期間：${jaMonth(from)}〜${jaMonth(to)}`,
  threshold: (t) => `秘匿の閾値：T = ${t}`,
  legend: (t) =>
    `* = 秘匿（件数または人数が${t}未満のセル、またはそれを保護するために併せて秘匿したセル）`,
  notes: [
    '月別・区分別の件数のみを掲載しています。識別子・自由記述・月より細かい情報は含みません。',
    '期間：YYYY-MM は1か月、YYYY-MM..YYYY-MM は複数月の期間です。– は数値なし。',
    'グラフは月別の「全体」です。* の付いた斜線の枠は秘匿した月で、その高さに意味はありません。',
  ],
  category: '区分',
  continued: (measure) => `${measure}（続き）`,
  page: (n, of) => `${n} / ${of} ページ`,
  footer: (from, to) => `${JA_TITLE} · ${from}〜${to}`,
  measure: (token) => JA_MEASURES[token] ?? token,
  categoryLabel: (token) => {
    const label = JA_CATEGORIES[token];
    if (label !== undefined) return label;
    const counsellor = /^counsellor:(\d+)$/.exec(token);
    return counsellor ? `カウンセラー ${counsellor[1]}` : token;
  },
  monthName: jaMonth,
  lang: 'ja',
};

export const PDF_TEXT: Readonly<Record<PdfLanguage, PdfText>> = { en: EN, ja: JA };

/** Font files of the Japanese PDF (TrueType), found through Node's module resolution. */
export interface PdfFontFiles {
  regular: string;
  bold: string;
}

export function japaneseFontFiles(): PdfFontFiles {
  const require = createRequire(import.meta.url);
  const file = (weight: string) =>
    require.resolve(`@expo-google-fonts/noto-sans-jp/${weight}/NotoSansJP_${weight}.ttf`);
  return { regular: file('400Regular'), bold: file('700Bold') };
}
