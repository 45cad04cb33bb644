import { z } from 'zod';

/** A tag character that spells a subdivision flag (letters and digits). */
const FLAG_TAG = String.raw`[\u{e0030}-\u{e0039}\u{e0061}-\u{e007a}]`;

/**
 * A variation selector that selects something, so is not a character of its own: text or emoji
 * presentation after an emoji (a digit, # or * only where a keycap follows), and an ideograph's
 * variant. After anything else it renders as nothing.
 */
const SELECTING_VARIATION = String.raw`(?<![0-9#*])(?<=\p{Emoji})[\ufe0e\ufe0f]|(?<=[0-9#*])\ufe0f(?=\u20e3)|(?<=\p{Ideographic})[\ufe00-\ufe0f\u{e0100}-\u{e01ef}]`;

/**
 * What no label of ours may hold (a tag, a user id, a name, a policy's claims): C0 and C1
 * control characters, line and paragraph separators, and the invisible formatting characters
 * that reorder or hide text. With a right-to-left override a user id typed as "‮evil" reads
 * "live" in the overview, the audit log and an export; a zero-width space or a soft hyphen
 * makes two tags that look the same filter apart; tag characters (U+E0000 to U+E007F) carry
 * whole words no one sees. Zero-width joiners and non-joiners stay: some scripts and emoji
 * need them; so do tag characters that spell a subdivision flag after U+1F3F4 (England,
 * Scotland, Wales), and nowhere else. Every other character Unicode says renders as nothing
 * (Default_Ignorable_Code_Point: a combining grapheme joiner, Hangul fillers, unassigned ones
 * that may be given a meaning later) is refused too, and so are variation selectors except
 * where they pick an emoji's or an ideograph's form (`SELECTING_VARIATION`).
 */
const NOT_PLAIN = new RegExp(
  String.raw`[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\u{1bca0}-\u{1bca3}\u{1d173}-\u{1d17a}]` +
    String.raw`|(?!(?<=\u{1f3f4}${FLAG_TAG}{0,6})${FLAG_TAG}(?=${FLAG_TAG}{0,6}\u{e007f})|(?<=\u{1f3f4}${FLAG_TAG}{1,7})\u{e007f})[\u{e0000}-\u{e007f}]` +
    String.raw`|(?!\u200c|\u200d|[\u{e0000}-\u{e007f}]|${SELECTING_VARIATION})\p{Default_Ignorable_Code_Point}`,
  'u',
);

export function hasControlCharacters(value: string): boolean {
  return NOT_PLAIN.test(value);
}

/**
 * The value cut at each such character, for showing text we did not write: the text between
 * them at even indexes, each character alone at the odd ones ("a\u202eb" → ["a", "\u202e", "b"]).
 */
export function splitAtControlCharacters(value: string): string[] {
  return value.split(new RegExp(`(${NOT_PLAIN.source})`, 'u'));
}

/** "\u202e" → "U+202E": how the dashboard names such a character where it shows one. */
export const codePoint = (char: string) =>
  `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Text we did not write, for a string that cannot hold markup (an aria-label, a tooltip's title,
 * a message): isolated between U+2068 FIRST STRONG ISOLATE and U+2069 POP DIRECTIONAL ISOLATE,
 * so that it keeps its own direction and cannot reorder the words around it, with each such
 * character shown as "[U+202E]" instead of acting. Printable ASCII cannot reorder anything and is
 * returned as it is.
 */
export function foreignLabel(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  return `\u2068${markControlCharacters(value)}\u2069`;
}

/**
 * Each such character shown as "[U+202E]" instead of acting, the text not isolated: for a
 * message of the server's that quotes a value back where we cannot tell which part it is.
 */
export const markControlCharacters = (value: string) =>
  value.replace(new RegExp(NOT_PLAIN.source, 'gu'), (char) => `[${codePoint(char)}]`);

/**
 * For a field whose current value holds such characters (an input box cannot show markers, so
 * with an override it reads reversed): a helper text naming them, e.g. "Holds invisible or
 * direction characters: U+202E. Retype it; it is refused when saved." Undefined for plain text.
 */
export function controlCharactersNote(
  value: string | undefined,
  then = 'Retype it; it is refused when saved.',
): string | undefined {
  const found = value?.match(new RegExp(NOT_PLAIN.source, 'gu'));
  if (!found) return undefined;
  const codes = [...new Set(found.map(codePoint))].join(', ');
  return `Holds invisible or direction characters: ${codes}.${then ? ` ${then}` : ''}`;
}

/**
 * The same characters taken out, for text we cannot refuse (a provider's name for someone), and
 * combining marks stacked beyond what any script writes cut (`hasStackedMarks`): a mark
 * repeated kept once, the first four of a longer run kept.
 */
export function withoutControlCharacters(value: string): string {
  return value
    .replace(new RegExp(NOT_PLAIN.source, 'gu'), ' ')
    .replace(/\s+/g, ' ')
    .replace(/([\p{Mn}\p{Me}])\1+/gu, '$1')
    .replace(/([\p{Mn}\p{Me}]{4})[\p{Mn}\p{Me}]+/gu, '$1')
    .trim();
}

/**
 * Combining marks stacked beyond what any script writes (Unicode's security mechanisms, UTS #39
 * 5.4): more than four nonspacing marks in a row, or one mark twice in a row. Five or more are
 * drawn over the lines above and below, hiding what is there; a mark twice is drawn over
 * itself, so "vip" with an accent twice looks like "vip" with it once, and the two filter apart.
 */
const STACKED_MARKS = /[\p{Mn}\p{Me}]{5}|([\p{Mn}\p{Me}])\1/u;

export const hasStackedMarks = (value: string) => STACKED_MARKS.test(value);

export const stackedMarksMessage = (label: string) =>
  `${label}: at most four accents or other combining marks on a letter, and not one twice.`;

export const plainTextMessage = (label: string) =>
  `${label}: remove line breaks, control characters and invisible formatting characters (such as direction marks).`;

/** A trimmed one-line label of at most `max` characters. */
export const plainText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: `${label}: use at most ${max} characters.` })
    .refine((v) => !hasControlCharacters(v), { error: plainTextMessage(label) })
    .refine((v) => !hasStackedMarks(v), { error: stackedMarksMessage(label) });

/** Optional plain text: trimmed, empty means absent. */
export const optionalPlainText = (label: string, max: number) =>
  plainText(label, max)
    .optional()
    .transform((v) => (v ? v : undefined));
