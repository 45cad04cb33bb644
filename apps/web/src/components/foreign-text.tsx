import { Box, Tooltip } from '@mui/material';
import { codePoint, splitAtControlCharacters } from '@ptd/contracts';
import type { ReactNode } from 'react';
import { monospace } from '@/lib/theme.ts';

const NAMES: Record<string, string> = {
  '\u00ad': 'soft hyphen',
  '\u034f': 'combining grapheme joiner',
  '\u061c': 'Arabic letter mark',
  '\u180e': 'Mongolian vowel separator',
  '\u200b': 'zero-width space',
  '\u200e': 'left-to-right mark',
  '\u200f': 'right-to-left mark',
  '\u2028': 'line separator',
  '\u2029': 'paragraph separator',
  '\u202a': 'left-to-right embedding',
  '\u202b': 'right-to-left embedding',
  '\u202c': 'pop directional formatting',
  '\u202d': 'left-to-right override',
  '\u202e': 'right-to-left override',
  '\u2066': 'left-to-right isolate',
  '\u2067': 'right-to-left isolate',
  '\u2068': 'first strong isolate',
  '\u2069': 'pop directional isolate',
  '\u115f': 'Hangul filler',
  '\u1160': 'Hangul filler',
  '\u3164': 'Hangul filler',
  '\uffa0': 'Hangul filler',
  '\ufeff': 'zero-width no-break space',
};

/** U+E0000 to U+E007F: invisible letters that spell words (outside a subdivision flag). */
function isTagCharacter(char: string) {
  const code = char.codePointAt(0) ?? 0;
  return code >= 0xe0000 && code <= 0xe007f;
}

/** U+FE00 to U+FE0F and U+E0100 to U+E01EF (after a letter, where they select nothing). */
function isVariationSelector(char: string) {
  const code = char.codePointAt(0) ?? 0;
  return (code >= 0xfe00 && code <= 0xfe0f) || (code >= 0xe0100 && code <= 0xe01ef);
}

const nameOf = (char: string) =>
  NAMES[char] ??
  (isTagCharacter(char)
    ? 'tag character'
    : isVariationSelector(char)
      ? 'variation selector'
      : 'control character');

/**
 * Text the dashboard did not write (a stream's name or tags from nanoStream Cloud, a staff
 * member's name or email, a viewer's user id, a ledger row older than the rules for labels): it
 * cannot reorder what is around it. The value is isolated (`bdi`: its direction is its own, an
 * Arabic name included), and each control or invisible formatting character in it (a
 * right-to-left override, say) is shown as a marker naming it instead of acting, so staff see
 * that the value is odd.
 */
export function ForeignText({ value }: { value: string }) {
  return (
    <Box component="bdi" sx={{ unicodeBidi: 'isolate' }}>
      {withMarkers(value)}
    </Box>
  );
}

/** The value with a marker for each control character, for a part of an isolated value. */
export function withMarkers(value: string): ReactNode {
  const parts = splitAtControlCharacters(value);
  if (parts.length === 1) return value;
  return parts.map((part, index) => (index % 2 === 0 ? part : <Marker key={index} char={part} />));
}

function Marker({ char }: { char: string }) {
  const code = codePoint(char);
  const name = nameOf(char);
  return (
    <Tooltip title={`Invisible character ${code} (${name}) in this value, shown instead of acting`}>
      <Box
        component="span"
        data-control-character={code}
        sx={{
          fontFamily: monospace,
          fontSize: '0.75em',
          fontWeight: 400,
          color: 'warning.main',
          border: 1,
          borderColor: 'currentColor',
          borderRadius: 0.5,
          px: 0.25,
          mx: 0.125,
          whiteSpace: 'nowrap',
        }}
      >
        {code}
      </Box>
    </Tooltip>
  );
}

/** A cell's or a row's content: text as ForeignText, anything else as it is. */
export const asForeignText = (content: ReactNode): ReactNode =>
  typeof content === 'string' ? <ForeignText value={content} /> : content;
