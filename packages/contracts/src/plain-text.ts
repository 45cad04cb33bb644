import { z } from 'zod';

/**
 * What no label of ours may hold (a tag, a user id, a name, a policy's claims): C0 and C1
 * control characters, line and paragraph separators, and the invisible formatting characters
 * that reorder or hide text. With a right-to-left override a user id typed as "‮evil" reads
 * "live" in the overview, the audit log and an export; a zero-width space makes two tags that
 * look the same filter apart. Zero-width joiners and non-joiners stay: some scripts and emoji
 * need them.
 */
const NOT_PLAIN =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]/;

export function hasControlCharacters(value: string): boolean {
  return NOT_PLAIN.test(value);
}

/**
 * The value cut at each such character, for showing text we did not write: the text between
 * them at even indexes, each character alone at the odd ones ("a\u202eb" → ["a", "\u202e", "b"]).
 */
export function splitAtControlCharacters(value: string): string[] {
  return value.split(new RegExp(`(${NOT_PLAIN.source})`));
}

/** The same characters taken out, for text we cannot refuse (a provider's name for someone). */
export function withoutControlCharacters(value: string): string {
  return value.replace(new RegExp(NOT_PLAIN.source, 'g'), ' ').replace(/\s+/g, ' ').trim();
}

export const plainTextMessage = (label: string) =>
  `${label}: remove line breaks, control characters and invisible formatting characters (such as direction marks).`;

/** A trimmed one-line label of at most `max` characters. */
export const plainText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `${label}: use at most ${max} characters.` })
    .refine((v) => !hasControlCharacters(v), { error: plainTextMessage(label) });

/** Optional plain text: trimmed, empty means absent. */
export const optionalPlainText = (label: string, max: number) =>
  plainText(label, max)
    .optional()
    .transform((v) => (v ? v : undefined));
