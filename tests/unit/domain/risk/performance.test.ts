import { describe, expect, it } from 'vitest';
import { findRiskSignals } from '../../../../src/domain/risk';

/** A small deterministic generator, so every run scans the same messages. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const ENGLISH = [
  'I have been feeling tired lately and my supervisor at the board of education keeps asking me to stay late.',
  'The students are lovely but I miss home and I can’t sleep well.',
  'Sometimes I wonder whether I should go back to my country early.',
  'My apartment is cold in winter and the kerosene heater smells.',
  'Could we talk about it on Thursday evening?',
  'I don’t really know anyone in town yet, and the weekends are long.',
  'My Japanese is getting better, but meetings are still hard to follow.',
  'Thank you for reading this 🙏',
];
const JAPANESE = [
  '最近とても疲れていて、学校の先生たちとうまく話せません。',
  '週末も一人で過ごすことが多く、家族に会いたいです。',
  '仕事のことを考えると眠れなくなります。',
  'どうしたらいいでしょうか？　よろしくお願いします！',
  '担当者に相談したのですが、あまり分かってもらえませんでした。',
  'ＪＥＴの仲間とは時々会いますが、ｽﾄﾚｽがたまっています（笑）。',
];
const RISKY = [
  'I want to die',
  'sometimes I hurt myself',
  '死にたい',
  'リスカしてしまった',
  '消えたい',
];

/** 1,000 distinct messages of about 1,000 characters, half English, half Japanese. */
function messages(): string[] {
  const next = random(20_250_401);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const out: string[] = [];
  for (let i = 0; i < 1000; i += 1) {
    const sentences = i % 2 === 0 ? ENGLISH : JAPANESE;
    const parts: string[] = [];
    let length = 0;
    while (length < 1000) {
      const sentence = next() < 0.005 ? pick(RISKY) : pick(sentences);
      parts.push(sentence);
      length += sentence.length + 1;
    }
    // A flat string, as a message read from storage would be.
    out.push(JSON.parse(JSON.stringify(parts.join(i % 2 === 0 ? ' ' : '\n').slice(0, 1000))));
  }
  return out;
}

describe('risk signal performance', () => {
  it('scans 50,000 messages of about 1,000 characters well under a second', async ({
    annotate,
  }) => {
    const pool = messages();
    const scanAll = () => {
      let found = 0;
      const started = performance.now();
      for (let i = 0; i < 50_000; i += 1)
        found += findRiskSignals(pool[i % pool.length]!).matches.length;
      return { ms: performance.now() - started, found };
    };
    scanAll(); // warm up (compiles the list, lets the engine optimise)
    const runs = [scanAll(), scanAll(), scanAll()];
    const best = Math.min(...runs.map((r) => r.ms));
    await annotate(
      `50,000 messages, ${(pool.reduce((n, m) => n + m.length, 0) * 50) / 1e6}M characters: best of 3 ${best.toFixed(0)} ms`,
    );
    expect(runs[0]!.found).toBeGreaterThan(0);
    expect(best).toBeLessThan(1000);
  });
});
