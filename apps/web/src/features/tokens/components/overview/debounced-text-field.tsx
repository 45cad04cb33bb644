import { TextField, type TextFieldProps } from '@mui/material';
import { useEffect, useRef, useState } from 'react';

type Props = Omit<TextFieldProps, 'value' | 'onChange'> & {
  value: string;
  onCommit: (value: string) => void;
  delay?: number;
};

/** A filter field that applies what was typed after a short pause, or at once on Enter. */
export function DebouncedTextField({ value, onCommit, delay = 400, ...props }: Props) {
  const [draft, setDraft] = useState(value);
  const committed = useRef(value);

  // The applied value changed elsewhere (clear filters, Back): show it.
  useEffect(() => {
    if (value !== committed.current) {
      committed.current = value;
      setDraft(value);
    }
  }, [value]);

  useEffect(() => {
    if (draft.trim() === committed.current) return;
    const timer = setTimeout(() => {
      committed.current = draft.trim();
      onCommit(draft.trim());
    }, delay);
    return () => clearTimeout(timer);
  }, [draft, delay, onCommit]);

  return (
    <TextField
      {...props}
      value={draft}
      onChange={(event) => setDraft(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && draft.trim() !== committed.current) {
          committed.current = draft.trim();
          onCommit(draft.trim());
        }
      }}
    />
  );
}
