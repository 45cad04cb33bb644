import { Box, Tooltip } from '@mui/material';
import type { ClipboardEvent } from 'react';
import { CopyButton } from './copy-button.tsx';
import { ForeignText } from './foreign-text.tsx';

interface ShortIdProps {
  value: string;
  /** What the id is, for the copy button: "user ID" → "Copy user ID". */
  label: string;
  /** Ids up to this many characters are shown whole. */
  maxLength?: number;
}

const HEAD = 6;
const TAIL = 4;

/** "a1b2c3d4e5f6…" → "a1b2c3…e5f6": both ends, since ids often differ at either. */
export const shortenId = (value: string, maxLength = 16) =>
  value.length <= maxLength ? value : `${value.slice(0, HEAD)}…${value.slice(-TAIL)}`;

/**
 * A long id in a narrow cell: shortened in the middle, whole on hover (tooltip), to screen
 * readers and when copied (a selection or the copy button), and never broken over lines.
 */
export function ShortId({ value, label, maxLength = 16 }: ShortIdProps) {
  const short = shortenId(value, maxLength);
  // Short enough: plain text, which (having no spaces) does not wrap in a table cell.
  if (short === value) return <ForeignText value={value} />;
  const copyWhole = (event: ClipboardEvent) => {
    event.clipboardData.setData('text/plain', value);
    event.preventDefault();
  };
  return (
    <Box
      component="span"
      sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.25, whiteSpace: 'nowrap' }}
      // The row around it opens the details: copying is not a click on the row.
      onClick={(event) => event.stopPropagation()}
    >
      <Tooltip title={<ForeignText value={value} />} describeChild>
        <Box component="span" onCopy={copyWhole} data-full-value={value}>
          <span aria-hidden>
            <ForeignText value={short} />
          </span>
          <span className="visually-hidden">
            <ForeignText value={value} />
          </span>
        </Box>
      </Tooltip>
      <CopyButton text={value} label={`Copy ${label}`} variant="icon" dense />
    </Box>
  );
}
