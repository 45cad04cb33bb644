import { Box } from '@mui/material';
import { Fragment, type ReactNode } from 'react';
import { ForeignText, withMarkers } from './foreign-text.tsx';

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
 * copying): only line-break opportunities (<wbr>) are added. It is isolated, and shows control
 * characters, as ForeignText does.
 */
export function EmailAddress({ value }: { value: string }) {
  return (
    <Box component="bdi" sx={{ unicodeBidi: 'isolate', '& > .unbroken': { whiteSpace: 'nowrap' } }}>
      {emailParts(value).map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          <span className={part.length <= UNBROKEN ? 'unbroken' : undefined}>
            {withMarkers(part)}
          </span>
        </Fragment>
      ))}
    </Box>
  );
}

/** Text with every email address in it shown as an EmailAddress, the rest as ForeignText. */
export function withEmailAddresses(text: string): ReactNode {
  if (!text) return text;
  const nodes: ReactNode[] = [];
  let last = 0;
  const between = (end: number) =>
    end > last && <ForeignText key={`text-${last}`} value={text.slice(last, end)} />;
  for (const match of text.matchAll(EMAIL)) {
    nodes.push(between(match.index), <EmailAddress key={match.index} value={match[0]} />);
    last = match.index + match[0].length;
  }
  return [...nodes, between(text.length)];
}
