import { Box } from '@mui/material';
import { Fragment, type ReactNode } from 'react';

/** Characters a part of an address may have and still be kept on one line. */
const UNBROKEN = 24;
const EMAIL = /[^\s@()<>,;:"]+@[^\s@()<>,;:"]+\.[^\s@()<>,;:"]+/g;

/** "kim@example.org" → ["kim@", "example.org"]; a longer half is cut before its dots too. */
export function emailParts(value: string): string[] {
  const at = value.lastIndexOf('@') + 1;
  const halves = at > 0 ? [value.slice(0, at), value.slice(at)] : [value];
  return halves.flatMap((half) => (half.length <= UNBROKEN ? [half] : half.split(/(?=\.)/)));
}

/**
 * An email address that wraps where a reader expects it to: after the "@" first, then before
 * a dot, never inside a name or at one of its hyphens (only a part longer than any real one
 * breaks where it must). The text is untouched (the same to screen readers, search and
 * copying): only line-break opportunities (<wbr>) are added.
 */
export function EmailAddress({ value }: { value: string }) {
  return (
    <Box component="span" sx={{ '& > .unbroken': { whiteSpace: 'nowrap' } }}>
      {emailParts(value).map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          <span className={part.length <= UNBROKEN ? 'unbroken' : undefined}>{part}</span>
        </Fragment>
      ))}
    </Box>
  );
}

/** Text with every email address in it shown as an EmailAddress. */
export function withEmailAddresses(text: string): ReactNode {
  const nodes: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(EMAIL)) {
    nodes.push(text.slice(last, match.index), <EmailAddress key={match.index} value={match[0]} />);
    last = match.index + match[0].length;
  }
  return last === 0 ? text : [...nodes, text.slice(last)];
}
