import { describe, expect, it } from 'vitest';
import {
  foreignLabel,
  hasControlCharacters,
  hasStackedMarks,
  plainText,
  splitAtControlCharacters,
  withoutControlCharacters,
} from '../plain-text.ts';

describe('plain text', () => {
  it('should find controls, line separators and the formatting characters that reorder or hide text', () => {
    for (const c of ['\n', '\u0000', '\u007f', '\u0085', '\u009f', '\u2028', '\u2029']) {
      expect(hasControlCharacters(`a${c}b`), JSON.stringify(c)).toBe(true);
    }
    for (const c of ['\u061c', '\u200e', '\u200f', '\u202a', '\u202e', '\u2066', '\u2069']) {
      expect(hasControlCharacters(`a${c}b`), JSON.stringify(c)).toBe(true);
    }
    for (const c of ['\u200b', '\u2060', '\u2064', '\ufeff', '\ufff9', '\ufffb']) {
      expect(hasControlCharacters(`a${c}b`), JSON.stringify(c)).toBe(true);
    }
  });

  it('should find the other invisible formatting characters: soft hyphen, tags and the rest', () => {
    // Each makes "vip" and a value that looks just like it two tags; tag characters also
    // carry whole words no one sees.
    for (const c of [
      '\u00ad',
      '\u180e',
      '\u206a',
      '\u206f',
      '\u{1bca0}',
      '\u{1d173}',
      '\u{e0001}',
      '\u{e0041}',
      '\u{e007f}',
    ]) {
      expect(hasControlCharacters(`vi${c}p`), JSON.stringify(c)).toBe(true);
    }
    // Tag characters outside a flag, even after the black flag itself.
    expect(hasControlCharacters('\u{1f3f4}\u{e0041}\u{e0042}\u{e007f}')).toBe(true);
    expect(hasControlCharacters('\u{1f3f4}\u{e0067}\u{e0062}')).toBe(true);
    expect(splitAtControlCharacters('a\u{e0041}b')).toEqual(['a', '\u{e0041}', 'b']);
    expect(foreignLabel('a\u00adb')).toBe('\u2068a[U+00AD]b\u2069');
  });

  it('should find every other character that renders as nothing, where it is not part of an emoji or ideograph', () => {
    // Default-ignorable: each makes "vip" and a value that looks just like it two tags.
    for (const c of [
      '\u034f', // combining grapheme joiner
      '\u115f', // Hangul fillers
      '\u1160',
      '\u3164',
      '\uffa0',
      '\u17b4', // Khmer inherent vowels
      '\u180b', // Mongolian free variation selector
      '\u2065',
      '\ufff0',
      '\u{e0080}',
      '\u{e0fff}',
      // Variation selectors after a letter select nothing.
      '\ufe00',
      '\ufe0f',
      '\u{e0100}',
    ]) {
      expect(hasControlCharacters(`vi${c}p`), JSON.stringify(c)).toBe(true);
      expect(hasControlCharacters(`vip${c}`), JSON.stringify(c)).toBe(true);
    }
    // Nor after a digit that does not begin a keycap.
    expect(hasControlCharacters('vip1\ufe0f')).toBe(true);
    expect(foreignLabel('vip\u3164')).toBe('\u2068vip[U+3164]\u2069');
    expect(splitAtControlCharacters('a\ufe0fb')).toEqual(['a', '\ufe0f', 'b']);
  });

  it('should find combining marks stacked beyond what any script writes', () => {
    // One accent twice is drawn over itself: "vip" with two looks like "vip" with one.
    expect(hasStackedMarks('vi\u0301\u0301p')).toBe(true);
    // Five or more on one letter are drawn over the lines above and below.
    expect(hasStackedMarks(`x${'\u0336\u0489\u0300\u0301\u0302'}`)).toBe(true);
    expect(hasStackedMarks(`x${'\u0300\u0301\u0302\u0303'.repeat(10)}`)).toBe(true);
    for (const text of [
      'Nguye\u0302\u0303n',
      'ภูมิ',
      'שָׁלוֹם',
      'वर्ल्ड',
      '\u0031\ufe0f\u20e3',
      'I \u2764\ufe0f',
    ]) {
      expect(hasStackedMarks(text), text).toBe(false);
    }
    const tag = plainText('Tag', 64);
    expect(tag.safeParse('vi\u0301\u0301p').error?.issues[0]?.message).toBe(
      'Tag: at most four accents or other combining marks on a letter, and not one twice.',
    );
    expect(tag.safeParse('Nguye\u0302\u0303n').success).toBe(true);
  });

  it('should leave ordinary text of any script alone, joiners and emoji included', () => {
    for (const text of [
      'Müller',
      'مرحبا',
      'שלום',
      'नमस्ते',
      'می‌خواهم',
      '👩‍💻 fans',
      'tab-free ok',
      // Emoji presentation, a keycap, a heart in a joined emoji, an ideographic variant.
      'I \u2764\ufe0f fans',
      '\u263a\ufe0e',
      'row 1\ufe0f\u20e3',
      '\u{1f468}\u200d\u2764\ufe0f\u200d\u{1f468}',
      '\u845b\u{e0100}城',
      // A subdivision flag (England, Scotland) is written with tag characters.
      '\u{1f3f4}\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f} fans',
      'go \u{1f3f4}\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}!',
    ]) {
      expect(hasControlCharacters(text), text).toBe(false);
    }
  });

  it('should take the characters out of text it cannot refuse, leaving one space between words', () => {
    expect(withoutControlCharacters(' Ada\u2028\u202eLovelace\u200b  ')).toBe('Ada Lovelace');
    expect(withoutControlCharacters('\u202e\u200b')).toBe('');
    // Combining marks: at most four in a row, none twice in a row.
    expect(
      withoutControlCharacters('Zoe\u0301\u0301 Ze\u0336\u0489\u0300\u0301\u0302\u0303d'),
    ).toBe('Zoe\u0301 Ze\u0336\u0489\u0300\u0301d');
    expect(withoutControlCharacters('Nguye\u0302\u0303n')).toBe('Nguye\u0302\u0303n');
  });

  it('should cut text at each such character, keeping the characters', () => {
    expect(splitAtControlCharacters('ab\u202ecd\u2066\u2069')).toEqual([
      'ab',
      '\u202e',
      'cd',
      '\u2066',
      '',
      '\u2069',
      '',
    ]);
    expect(splitAtControlCharacters('Müller')).toEqual(['Müller']);
  });

  it('should isolate a label from elsewhere and name each such character in it', () => {
    expect(foreignLabel('abc\u202edef')).toBe('\u2068abc[U+202E]def\u2069');
    expect(foreignLabel('a\u200bb\u0007')).toBe('\u2068a[U+200B]b[U+0007]\u2069');
    // Its own direction, isolated: an Arabic name cannot pull the words around it.
    expect(foreignLabel('مرحبا')).toBe('\u2068مرحبا\u2069');
    expect(foreignLabel('Ada Lovelace (ada@example.com)')).toBe('Ada Lovelace (ada@example.com)');
  });
});
