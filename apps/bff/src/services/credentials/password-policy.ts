import { PASSWORD_MIN_LENGTH } from '@ptd/contracts';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import { HttpError } from '../../lib/errors.ts';

/**
 * zxcvbn's score 3: at least 10^8 guesses, "safely unguessable: moderate protection from an
 * offline slow-hash scenario", which argon2id is. Lower scores are built from the common
 * password list (40,000 of them), names, dictionary words, keyboard runs, dates, repeats.
 */
const MIN_SCORE = 3;

/**
 * zxcvbn's time grows with the length (each character starts matches); anything past this
 * only adds strength, so a 1 KB password costs what a 100-character one does.
 */
const CHECKED_LENGTH = 100;

/** Words anyone would try against this dashboard in particular. */
const SITE_WORDS = [
  'nanostream',
  'nanocosmos',
  'playback',
  'dashboard',
  'token',
  'bintu',
  'h5live',
];

// The dictionaries take a few hundred milliseconds and some megabytes to load: once, when the
// first password is checked, not when the module is imported.
let checker: ZxcvbnFactory | undefined;
const zxcvbn = () =>
  (checker ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  }));

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** The account's own email and name: a password made of them is easy to guess for anyone. */
export function personalWords(account: { email: string; displayName?: string }) {
  const parts = [account.email, ...account.email.split(/[@.+_-]/), account.displayName ?? ''];
  return [...parts, ...(account.displayName ?? '').split(/\s+/)].filter((word) => word.length >= 3);
}

/**
 * What is wrong with a new password, as `<label>: …`, or undefined when it may be used: the
 * minimum length (PASSWORD_MIN_LENGTH) and not easy to guess (common passwords, words).
 */
export function passwordProblem(
  password: string,
  label: string,
  userWords: string[] = [],
): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return `${label}: at least ${PASSWORD_MIN_LENGTH} characters.`;
  }
  const result = zxcvbn().check(password.slice(0, CHECKED_LENGTH), [...userWords, ...SITE_WORDS]);
  if (result.score >= MIN_SCORE) return undefined;
  const warning = result.feedback.warning ?? 'This password is easy to guess.';
  const advice = result.feedback.suggestions[0] ?? 'Add more words that are less common.';
  return `${label}: ${lowerFirst(warning)} ${advice}`;
}

/** 400 naming `field` when the password may not be used. */
export function assertGoodPassword(
  password: string,
  field: string,
  label: string,
  account: { email: string; displayName?: string },
) {
  const problem = passwordProblem(password, label, personalWords(account));
  if (problem) {
    throw new HttpError(400, 'invalid-request', problem, {
      issues: [{ path: field, message: problem }],
    });
  }
}
