/**
 * Enrolment on the workstation (issue 15): a supervisor's workstation hands the organisation's
 * keys to another of the organisation's workstations through the sync server, which never holds
 * the secret, the words or a key (docs/security.md, "Enrolment").
 *
 * - **Issue** (a supervisor signed in, with the passphrase): draw a 128-bit secret, derive the
 *   enrolment id from it, wrap the organisation's keys under a key derived from it
 *   (`enrolment-keys.ts`), leave the blob on the server, answer the 13 words. The words are
 *   answered once and kept nowhere: not in a file, not in the log, not in memory after the call.
 * - **Claim** (an account of the same organisation, with the words and the passphrase): every
 *   check that can be made here is made before the request, because a claim spends the
 *   enrolment: the words (each word's position named), the policy (the page holds no record that
 *   syncs), the passphrase, and that this workstation has not adopted an organisation's keys
 *   already. Then claim, unwrap, adopt (`KeyStore.adopt`, one atomic write); the page unlocks
 *   again to take the new keys.
 *
 * Logs carry event names and codes only: never a word, the secret, the enrolment id or a key.
 */
import { BridgeFailure, reason } from '../../bridge/errors';
import {
  DEFAULT_ENROLMENT_MINUTES,
  type SyncClaimEnrolmentOutput,
  type SyncIssueEnrolmentOutput,
} from '../../bridge/schemas/sync';
import { enrolmentIdOf, newEnrolmentSecret } from '../../sync/enrolment';
import { secretToWords, wordsToSecret, type WordsProblem } from '../../sync/words';
import { unwrapOrganisationKeys, wrapOrganisationKeys } from './enrolment-keys';
import type { KeyStore } from './key-store';
import type { Logger } from './logger';
import { lockedFailure, signedOutFailure } from './sync-http';
import type { SyncTransport } from './sync-transport';

export interface EnrolmentService {
  issue(input: {
    passphrase: string;
    expiresInMinutes?: number | undefined;
  }): Promise<SyncIssueEnrolmentOutput>;
  claim(input: {
    words: string | string[];
    passphrase: string;
    heldRecords: number;
  }): Promise<SyncClaimEnrolmentOutput>;
}

/** The account signed in now, or the failure that says why there is none. */
function signedInAccount(sync: SyncTransport) {
  const status = sync.status();
  if (status.connection === 'locked') throw lockedFailure();
  if (status.account === null) throw signedOutFailure();
  return status.account;
}

function wordsFailure(problem: WordsProblem): BridgeFailure {
  switch (problem.code) {
    case 'word-count':
      return new BridgeFailure(
        'invalid-input',
        `The enrolment words are ${problem.expected} words; ${problem.found} were typed.`,
        ['words'],
        reason('enrolment-words', {
          problem: problem.code,
          expected: problem.expected,
          found: problem.found,
        }),
      );
    case 'unknown-word':
      return new BridgeFailure(
        'invalid-input',
        `Word ${problem.position} of the enrolment words is not on the word list.`,
        ['words', problem.position - 1],
        reason('enrolment-words', {
          problem: problem.code,
          position: problem.position,
          ...(problem.suggestion === null ? {} : { suggestion: problem.suggestion }),
        }),
      );
    case 'checksum':
      return new BridgeFailure(
        'invalid-input',
        'The enrolment words do not fit together: one word is wrong, or two are swapped.',
        ['words'],
        reason('enrolment-words', { problem: problem.code }),
      );
  }
}

const refusedBefore = (key: Parameters<typeof reason>[0], message: string, params = {}) =>
  new BridgeFailure('failed', message, [], reason(key, params));

export function createEnrolmentService(options: {
  keyStore: KeyStore;
  sync: SyncTransport;
  log: Logger;
}): EnrolmentService {
  const { keyStore, sync, log } = options;

  return {
    async issue({ passphrase, expiresInMinutes }) {
      const account = signedInAccount(sync);
      // The server refuses a counsellor too (403); asked here first, nothing is drawn or opened.
      if (account.role !== 'supervisor')
        throw new BridgeFailure(
          'forbidden-role',
          'Only a supervisor can enrol another workstation.',
          [],
          reason('supervisor-only', { action: 'issue-enrolment' }),
        );
      const opened = await keyStore.organisationKeys(passphrase);
      if (!opened.ok) return { ok: false, retryAfterMs: opened.retryAfterMs };
      const secret = newEnrolmentSecret();
      try {
        const enrolmentId = await enrolmentIdOf(secret);
        const wrapped = wrapOrganisationKeys(opened.keys, secret, {
          organisation: account.organisation,
          enrolmentId,
        });
        const minutes = expiresInMinutes ?? DEFAULT_ENROLMENT_MINUTES;
        const answer = await sync.issueEnrolment({
          enrolmentId,
          wrapped,
          expiresInSeconds: minutes * 60,
        });
        log.info('sync.enrolment-issued', { minutes });
        return { ok: true, words: secretToWords(secret), expiresAt: answer.expiresAt };
      } finally {
        secret.fill(0);
      }
    },

    async claim({ words, passphrase, heldRecords }) {
      const account = signedInAccount(sync);
      const decoded = wordsToSecret(words);
      if (!decoded.ok) throw wordsFailure(decoded.problem);
      const secret = decoded.secret;
      try {
        if (heldRecords > 0)
          throw new BridgeFailure(
            'failed',
            `This workstation holds ${heldRecords} records that sync; it joins an organisation only while it holds none.`,
            ['heldRecords'],
            reason('enrolment-not-empty', { records: heldRecords }),
          );
        const check = await keyStore.adoptionCheck(passphrase);
        if (!check.ok) return { ok: false, retryAfterMs: check.retryAfterMs };
        if (check.enrolled)
          throw refusedBefore(
            'enrolment-already-enrolled',
            "This workstation already holds an organisation's keys.",
          );
        const enrolmentId = await enrolmentIdOf(secret);
        let claimed;
        try {
          claimed = await sync.claimEnrolment(enrolmentId);
        } catch (error) {
          throw claimRefusal(error);
        }
        const keys = unwrapOrganisationKeys(claimed.wrapped, secret, {
          organisation: account.organisation,
          enrolmentId,
        });
        if (keys === null) {
          log.warn('sync.enrolment-unopenable');
          throw refusedBefore(
            'enrolment-unopenable',
            "The enrolment's keys do not open with these words for this organisation; nothing was changed here.",
          );
        }
        const adopted = await keyStore.adopt(passphrase, keys);
        if (!adopted.ok) {
          if (adopted.refusal === null) return { ok: false, retryAfterMs: adopted.retryAfterMs };
          throw adopted.refusal === 'already-enrolled'
            ? refusedBefore(
                'enrolment-already-enrolled',
                "This workstation already holds an organisation's keys.",
              )
            : refusedBefore(
                'enrolment-kid-clash',
                "A key id of the organisation's is also one of this workstation's; nothing was changed.",
              );
        }
        log.info('sync.enrolment-claimed', { changed: adopted.changed });
        return { ok: true, changed: adopted.changed };
      } finally {
        secret.fill(0);
      }
    },
  };
}

/** The server's refusal of a claim, in the enrolment's own words where it has some. */
function claimRefusal(error: unknown): unknown {
  if (!(error instanceof BridgeFailure) || error.reason?.key !== 'sync-refused') return error;
  switch (error.reason.params.code) {
    case 'not-found':
      return refusedBefore(
        'enrolment-not-found',
        'There is no enrolment for these words: it expired, was never issued, or is for another organisation.',
      );
    case 'conflict':
      return refusedBefore(
        'enrolment-already-claimed',
        'These words were used already: ask a supervisor for new ones.',
      );
    default:
      return error;
  }
}
