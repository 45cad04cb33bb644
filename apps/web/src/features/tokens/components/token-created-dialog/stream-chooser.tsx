import { Autocomplete, TextField } from '@mui/material';
import { foreignLabel, type Stream } from '@ptd/contracts';
import { useMemo, useState } from 'react';
import { StreamOption } from '@/components/target/stream-option.tsx';
import { useStreamSearch } from '@/features/streams/api/stream-search.ts';

/** A picked stream in the box, whose text cannot hold markup: isolated, with [U+XXXX] markers. */
const label = (stream: Stream) => foreignLabel(stream.name);

/** Picks any stream of the organisation (for an org-wide token's playout URL). */
export function StreamChooser({
  value,
  onChange,
}: {
  value: Stream | null;
  onChange: (stream: Stream | null) => void;
}) {
  const [input, setInput] = useState(value ? label(value) : '');
  const { search, items, loading } = useStreamSearch(value && input === label(value) ? '' : input);
  const options = useMemo(
    () => (value && !items.some((s) => s.id === value.id) ? [value, ...items] : items),
    [items, value],
  );
  return (
    <Autocomplete
      options={options}
      value={value}
      onChange={(_, stream) => onChange(stream)}
      inputValue={input}
      onInputChange={(_, text) => setInput(text)}
      getOptionLabel={label}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      filterOptions={(streams) => streams}
      loading={loading}
      noOptionsText={search ? `No stream matches “${search}”` : 'No streams yet'}
      renderOption={(props, stream) => (
        <StreamOption key={stream.id} props={props} name={stream.name} stream={stream} />
      )}
      renderInput={(params) => (
        <TextField
          {...params}
          label="Stream for the URL and snippets"
          placeholder="Search by stream name"
          helperText="The token plays every stream of the organisation; pick one to build its links."
        />
      )}
    />
  );
}
