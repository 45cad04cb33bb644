import { Autocomplete, TextField } from '@mui/material';
import { controlCharactersNote, tokenListQuerySchema, type StaffSummary } from '@ptd/contracts';
import { useEffect, useMemo, useRef, useState } from 'react';
import { FILTER_DELAY_MS } from '@/components/list-page/filter-fields.tsx';
import { maxLengthOf } from '@/lib/max-length.ts';

const CREATED_BY_MAX_LENGTH = maxLengthOf(tokenListQuerySchema.shape.createdBy);

interface Option {
  id: string;
  label: string;
}

interface Props {
  /** A staff id (picked from the list) or text (part of a name or email). */
  value: string | undefined;
  currentUserId: string | undefined;
  /** Creators seen in the list, offered beside "Me". */
  creators: StaffSummary[];
  onCommit: (value: string | undefined) => void;
}

/**
 * "Created by": pick Me or a creator seen in the list, or type part of anyone's name or email
 * (applied after a short pause, or at once on Enter), as the server matches it.
 */
export function CreatorFilter({ value, currentUserId, creators, onCommit }: Props) {
  const options = useMemo(() => {
    const list: Option[] = currentUserId ? [{ id: currentUserId, label: 'Me' }] : [];
    for (const creator of creators) {
      if (creator.id !== currentUserId) list.push({ id: creator.id, label: creator.displayName });
    }
    return list;
  }, [creators, currentUserId]);
  const labelOf = (v: string | undefined) =>
    v === undefined ? '' : (options.find((o) => o.id === v)?.label ?? v);

  const [draft, setDraft] = useState(() => labelOf(value));
  const typed = useRef(false);
  const committed = useRef(value);

  // The applied value changed elsewhere (clear filters, Back, the options loaded): show it.
  useEffect(() => {
    if (value !== committed.current || !typed.current) {
      committed.current = value;
      setDraft(labelOf(value));
    }
    // labelOf reads options, which this effect also follows.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value, options]);

  const commit = (next: string | undefined) => {
    typed.current = false;
    if (next === committed.current) return;
    committed.current = next;
    onCommit(next);
  };

  useEffect(() => {
    if (!typed.current) return;
    const timer = setTimeout(() => commit(draft.trim() || undefined), FILTER_DELAY_MS);
    return () => clearTimeout(timer);
    // commit only writes refs and calls onCommit.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft]);

  return (
    <Autocomplete<Option, false, false, true>
      freeSolo
      options={options}
      filterOptions={(all) => all}
      getOptionLabel={(option) => (typeof option === 'string' ? option : option.label)}
      isOptionEqualToValue={(option, selected) => option.id === selected.id}
      value={null}
      inputValue={draft}
      onInputChange={(_, text, reason) => {
        if (reason === 'reset') return;
        typed.current = true;
        setDraft(text);
      }}
      onChange={(_, picked) => {
        if (picked && typeof picked !== 'string') {
          setDraft(picked.label);
          commit(picked.id);
        }
      }}
      renderInput={(params) => (
        <TextField
          {...params}
          label="Created by"
          placeholder="Name/email"
          // A creator's name from outside reads reversed in the box: say why.
          helperText={controlCharactersNote(draft, '')}
          slotProps={{
            inputLabel: { ...params.InputLabelProps, shrink: true },
            // Longer is dropped from the query: the list would cover every creator.
            htmlInput: { ...params.inputProps, maxLength: CREATED_BY_MAX_LENGTH },
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && typed.current) commit(draft.trim() || undefined);
          }}
        />
      )}
    />
  );
}
