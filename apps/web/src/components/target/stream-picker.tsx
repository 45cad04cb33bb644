import { Autocomplete, Chip, TextField } from '@mui/material';
import type { Stream } from '@ptd/contracts';
import { searchKey, TOKEN_LIMITS } from '@ptd/contracts';
import { useMemo, useState, type Ref } from 'react';
import { ForeignText } from '@/components/foreign-text.tsx';
import { useBridgedOptions } from './bridged-options.ts';
import { pendingSearchText } from './pending-search.ts';
import { StreamOption } from './stream-option.tsx';
import type { UseStreamSearch } from './stream-search.ts';

interface StreamPickerProps {
  value: string[];
  onChange: (names: string[]) => void;
  onBlur: () => void;
  inputRef: Ref<HTMLInputElement>;
  error?: string;
  /** The streams feature's search (a hook). */
  useStreamSearch: UseStreamSearch;
  /** Streams seen in results, so that the caller can find them by name later. */
  onFound: (streams: Stream[]) => void;
}

/** Several streams by name, searched on the server as the user types. */
export function StreamPicker({
  value,
  onChange,
  onBlur,
  inputRef,
  error,
  onFound,
  useStreamSearch,
}: StreamPickerProps) {
  const [input, setInput] = useState('');
  const { search, items, loading } = useStreamSearch(input, onFound);
  const byName = useMemo(() => new Map(items.map((stream) => [stream.name, stream])), [items]);
  // The server filters by what was typed; until it has answered, the previous results narrow.
  const typed = pendingSearchText(input, search, loading);
  const shown = useMemo(
    () =>
      items
        .filter(
          (stream) =>
            typed === undefined ||
            searchKey(stream.name).includes(typed) ||
            searchKey(stream.id).includes(typed),
        )
        .map((stream) => stream.name)
        .filter((name) => !value.includes(name)),
    [items, typed, value],
  );
  const options = useBridgedOptions(shown);

  return (
    <Autocomplete
      multiple
      filterSelectedOptions
      options={options}
      filterOptions={(names) => names}
      value={value}
      onChange={(_, names) => onChange(names)}
      inputValue={input}
      onInputChange={(_, text) => setInput(text)}
      onBlur={onBlur}
      loading={loading}
      loadingText="Searching streams…"
      noOptionsText={search ? `No stream matches “${search}”` : 'No streams yet'}
      renderOption={(props, name) => (
        <StreamOption key={name} props={props} name={name} stream={byName.get(name)} />
      )}
      renderValue={(names, getItemProps) =>
        names.map((name, index) => {
          const { key, ...itemProps } = getItemProps({ index });
          return (
            <Chip key={key} label={<ForeignText value={name} />} size="small" {...itemProps} />
          );
        })
      }
      renderInput={(params) => (
        <TextField
          {...params}
          inputRef={inputRef}
          label="Streams"
          required
          placeholder={value.length === 0 ? 'Search by stream name' : undefined}
          error={Boolean(error)}
          helperText={
            error ??
            `The token plays only these streams. Type to search; up to ${TOKEN_LIMITS.maxStreams}.`
          }
        />
      )}
    />
  );
}
