import { TextField, type TextFieldProps } from '@mui/material';
import { useEffect, useRef, useState } from 'react';

type DebouncedTextFieldProps = Omit<TextFieldProps, 'value' | 'onChange'> & {
  value: string;
  /** Called with the trimmed text after a pause in typing, or at once on Enter. */
  onCommit: (value: string) => void;
};

/** One pause for every list filter: long enough for a word typed at speed, short enough to feel at once. */
export const FILTER_DELAY_MS = 350;

/** A search or filter field that does not send a request per keystroke. */
export function DebouncedTextField({ value, onCommit, ...props }: DebouncedTextFieldProps) {
  const [draft, setDraft] = useState(value);
  const committed = useRef(value);
  const commit = useRef(onCommit);
  useEffect(() => {
    commit.current = onCommit;
  }, [onCommit]);

  // Changed from outside (Clear filters, Back): show it.
  useEffect(() => {
    if (value !== committed.current) {
      committed.current = value;
      setDraft(value);
    }
  }, [value]);

  useEffect(() => {
    const next = draft.trim();
    if (next === committed.current) return;
    const timer = setTimeout(() => {
      committed.current = next;
      commit.current(next);
    }, FILTER_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft]);

  return (
    <TextField
      {...props}
      value={draft}
      onChange={(event) => setDraft(event.target.value)}
      onKeyDown={(event) => {
        const next = draft.trim();
        if (event.key === 'Enter' && next !== committed.current) {
          committed.current = next;
          commit.current(next);
        }
      }}
    />
  );
}
