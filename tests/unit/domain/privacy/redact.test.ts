import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { redactFields, scrubText } from '../../../../src/domain/privacy/redact';
import { createLogger } from '../../../../src/main/services/logger';

describe('log redaction', () => {
  it('keeps safe fields and replaces every other string by its length', () => {
    expect(redactFields({ channel: 'settings.get', subject: 'I want to quit', count: 3 })).toEqual({
      channel: 'settings.get',
      subject: '[redacted 14 chars]',
      count: 3,
    });
  });

  it('scrubs JET numbers, e-mail addresses and URL queries even from safe fields and event names', () => {
    expect(scrubText('reveal 20123456789 for jo@example.jp at /x?token=abc')).toBe(
      'reveal [digits] for [email] at /x?[query]',
    );
    expect(redactFields({ reason: 'JET 20123456789' })).toEqual({ reason: 'JET [digits]' });
  });

  it('never lets a JET number or an e-mail address through the logger (property)', () => {
    const jet = fc.stringMatching(/^20\d{9}$/);
    const email = fc.emailAddress();
    fc.assert(
      fc.property(jet, email, fc.constantFrom('channel', 'reason', 'body', 'name'), (j, e, key) => {
        const lines: string[] = [];
        const log = createLogger({ sink: (l) => lines.push(l) });
        log.info(`event ${j} ${e}`, { [key]: `${j} ${e}` });
        expect(lines.join('')).not.toContain(j);
        expect(lines.join('')).not.toContain(e);
      }),
    );
  });
});
