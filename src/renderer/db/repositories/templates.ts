/** Saved reply templates, in both languages; a first set is stored on first use. */
import type { FieldCipher } from '../crypto/field-cipher';
import { sealAll } from '../crypto/sealed-records';
import type { WorkstationDatabase } from '../database';
import type { TemplateRecord } from '../records';
import { created } from './changes';

const DEFAULT_TEMPLATES: Array<Pick<TemplateRecord, 'id' | 'language' | 'title' | 'body'>> = [
  {
    id: 'template-en-thanks',
    language: 'en',
    title: 'Thank you for writing (EN)',
    body: 'Thank you for writing to us. It takes courage to put these things into words, and I am glad you did.',
  },
  {
    id: 'template-en-video',
    language: 'en',
    title: 'Offer a video session (EN)',
    body: 'If you would like to talk this through, you can book a 40-minute video session with a counsellor of your choice from your My Page.',
  },
  {
    id: 'template-en-crisis',
    language: 'en',
    title: 'Immediate help (EN)',
    body: 'If you are in danger or thinking of ending your life, please call 119 (ambulance) or 110 (police) now.',
  },
  {
    id: 'template-ja-thanks',
    language: 'ja',
    title: 'ご相談ありがとうございます（日本語）',
    body: 'ご相談いただきありがとうございます。お気持ちを言葉にしてくださったことに感謝します。',
  },
  {
    id: 'template-ja-video',
    language: 'ja',
    title: 'ビデオ相談のご案内（日本語）',
    body: 'お話をお聞きすることもできます。マイページから、ご希望のカウンセラーとの40分間のビデオ相談を予約できます。',
  },
  {
    id: 'template-ja-crisis',
    language: 'ja',
    title: 'すぐに助けが必要なとき（日本語）',
    body: '危険を感じる場合や命を絶つことを考えている場合は、今すぐ119（救急）または110（警察）に連絡してください。',
  },
];

/** Stores the first set of templates (sealed) when there are none. */
export async function ensureDefaultTemplates(
  db: WorkstationDatabase,
  cipher: FieldCipher,
  nowMs: number,
): Promise<void> {
  if ((await db.templates.count()) > 0) return;
  const sealed = await sealAll(
    cipher,
    'templates',
    DEFAULT_TEMPLATES.map((t) => ({ ...created(t.id, nowMs), ...t })),
  );
  await db.transaction('rw', db.templates, async () => {
    if ((await db.templates.count()) > 0) return;
    await db.templates.bulkAdd(sealed);
  });
}
