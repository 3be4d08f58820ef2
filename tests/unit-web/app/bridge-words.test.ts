/**
 * Main-process refusals reach the page as a code and a reason with parameters, worded by the page
 * in its language (issue 14.1): every reason has its words in English and Japanese, the Japanese
 * words carry no English sentence, and the service's English message is never what is shown.
 */
import { describe, expect, it } from 'vitest';
import {
  BRIDGE_REASONS,
  BridgeFailure,
  SUPERVISOR_ACTIONS,
  reason,
  type BridgeError,
} from '../../../src/bridge/errors';
import { bridgeErrorText } from '../../../src/renderer/app/bridge-words';
import { ja } from '../../../src/renderer/i18n/ja';
import { tEn, tJa } from '../i18n-fixture';

const PARAMS: Record<string, Record<string, string | number>> = {
  'passphrase-too-short': { minimum: 12, length: 5 },
  'supervisor-only': { action: 'export-report' },
  'report-timeout': { seconds: 60 },
  'backup-timeout': { seconds: 120 },
  'file-not-written': { fsCode: 'ENOSPC' },
  'sync-refused': { code: 'mutation-gap', expected: 4 },
  'enrolment-words': { problem: 'unknown-word', position: 5, suggestion: 'abandon' },
  'enrolment-not-empty': { records: 3 },
};

const errorOf = (key: (typeof BRIDGE_REASONS)[number]): BridgeError =>
  new BridgeFailure(
    'failed',
    'An English sentence for the log only.',
    [],
    reason(key, PARAMS[key] ?? {}),
  ).toBridgeError();

describe('the words for a refused bridge call', () => {
  it.each(BRIDGE_REASONS)('%s is worded in both languages, parameters filled in', (key) => {
    const error = errorOf(key);
    const english = bridgeErrorText(error, tEn);
    const japanese = bridgeErrorText(error, tJa);
    for (const text of [english, japanese]) {
      expect(text).not.toContain('error.');
      expect(text).not.toContain('{{');
      expect(text).not.toContain('An English sentence');
    }
    expect(japanese).not.toBe(english);
    // Japanese words: no run of English words (a token such as "CLAIR" may stay).
    expect(japanese).not.toMatch(/[A-Za-z]+ [A-Za-z]+ [A-Za-z]+/);
    expect(japanese).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });

  it('names the action a supervisor may do, and why a file was not written', () => {
    expect(bridgeErrorText(errorOf('supervisor-only'), tJa)).toContain(
      'CLAIR向けレポートのエクスポート',
    );
    expect(bridgeErrorText(errorOf('file-not-written'), tEn)).toContain('the disk is full');
    expect(bridgeErrorText(errorOf('passphrase-too-short'), tEn)).toContain('12');
    for (const action of SUPERVISOR_ACTIONS) {
      expect(tEn(`error.supervisorAction.${action}`)).not.toContain('error.');
      expect(tJa(`error.supervisorAction.${action}`)).not.toContain('error.');
    }
    // An unknown system code still gets words.
    const odd = new BridgeFailure(
      'failed',
      'x',
      [],
      reason('file-not-written', { fsCode: 'EWEIRD' }),
    ).toBridgeError();
    expect(bridgeErrorText(odd, tJa)).toContain('システムに拒否されました');
  });

  it('names the enrolment word that is wrong, and says what else is wrong with the words', () => {
    const words = (params: Record<string, string | number>) =>
      new BridgeFailure(
        'invalid-input',
        'x',
        ['words'],
        reason('enrolment-words', params),
      ).toBridgeError();
    const misspelt = words({ problem: 'unknown-word', position: 5, suggestion: 'abandon' });
    expect(bridgeErrorText(misspelt, tEn)).toBe(
      'Word 5 is not on the word list: did you mean “abandon”?',
    );
    expect(bridgeErrorText(misspelt, tJa)).toContain('5番目');
    expect(bridgeErrorText(words({ problem: 'unknown-word', position: 13 }), tEn)).toBe(
      'Word 13 is not on the word list.',
    );
    expect(
      bridgeErrorText(words({ problem: 'word-count', expected: 13, found: 12 }), tJa),
    ).toContain('12');
    for (const t of [tEn, tJa]) {
      const text = bridgeErrorText(words({ problem: 'checksum' }), t);
      expect(text).not.toContain('error.');
      expect(text).not.toBe(t('error.reason.enrolment-words'));
    }
  });

  it('an error of the bridge itself is worded by its code', () => {
    const error: BridgeError = {
      code: 'too-large',
      message: 'backup.save body exceeds 300 MiB',
      path: [],
      issues: [],
    };
    expect(bridgeErrorText(error, tJa)).toBe(ja.error.bridge['too-large']);
    expect(bridgeErrorText(error, tEn)).not.toContain('MiB');
  });
});
