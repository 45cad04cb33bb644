import { Autocomplete, TextField } from '@mui/material';
import { controlCharactersNote, searchKey, type Stream } from '@ptd/contracts';
import { useMemo, type Ref } from 'react';
import { useBridgedOptions } from './bridged-options.ts';
import { pendingSearchText } from './pending-search.ts';
import { StreamOption } from './stream-option.tsx';
import type { UseStreamSearch } from './stream-search.ts';

interface GroupPickerProps {
  value: string;
  onChange: (groupId: string) => void;
  onBlur: () => void;
  inputRef: Ref<HTMLInputElement>;
  error?: string;
  /** The streams feature's search (a hook). */
  useStreamSearch: UseStreamSearch;
}

/** A stream group id: typed or pasted, or found by searching a stream of the group. */
export function GroupPicker({
  value,
  onChange,
  onBlur,
  inputRef,
  error,
  useStreamSearch,
}: GroupPickerProps) {
  const { search, items, loading } = useStreamSearch(value);
  // One option per group: its head stream (a plain stream or an ABR parent) names it.
  const heads = useMemo(() => {
    const groups = new Map<string, Stream>();
    for (const stream of items) {
      const known = groups.get(stream.groupId);
      if (!known || stream.id === stream.groupId) groups.set(stream.groupId, stream);
    }
    return groups;
  }, [items]);
  // The server filters by what was typed; until it has answered, the previous results narrow:
  // a group stays when its id or one of its streams (name, id, a rendition's name) matches.
  const typed = pendingSearchText(value, search, loading);
  const shown = useMemo(() => {
    if (typed === undefined) return [...heads.keys()];
    const matching = new Set(
      items
        .filter((stream) =>
          [stream.name, stream.id, ...stream.playout.map((entry) => entry.streamName)].some(
            (text) => searchKey(text).includes(typed),
          ),
        )
        .map((stream) => stream.groupId),
    );
    return [...heads.keys()].filter(
      (groupId) => matching.has(groupId) || searchKey(groupId).includes(typed),
    );
  }, [items, heads, typed]);
  const options = useBridgedOptions(shown);
  // A group id saved before the rules for labels reads reversed in the box: say why.
  const note = controlCharactersNote(value);

  return (
    <Autocomplete
      freeSolo
      options={options}
      filterOptions={(ids) => ids}
      value={value || null}
      onChange={(_, groupId) => onChange(groupId ?? '')}
      inputValue={value}
      onInputChange={(_, text, reason) => reason !== 'reset' && onChange(text)}
      onBlur={onBlur}
      loading={loading}
      renderOption={(props, groupId) => (
        <StreamOption
          key={groupId}
          props={props}
          name={heads.get(groupId)?.name ?? groupId}
          stream={heads.get(groupId)}
        />
      )}
      renderInput={(params) => (
        <TextField
          {...params}
          inputRef={inputRef}
          label="Stream group ID"
          required
          placeholder="Search by stream name or paste a group ID"
          error={Boolean(error ?? note)}
          helperText={
            error ??
            note ??
            'The token plays every stream of the group, e.g. all renditions of an ABR stream.'
          }
        />
      )}
    />
  );
}
