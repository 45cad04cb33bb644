import { Checkbox, MenuItem, TextField } from '@mui/material';
import { TOKEN_TARGET_TYPES, targetTypesOfFilter, type TokenTargetType } from '@ptd/contracts';

/** Target types as the token form offers them. */
export const TARGET_TYPE_LABELS: Record<TokenTargetType, string> = {
  streams: 'Streams',
  group: 'Stream group',
  organisation: 'Entire organisation',
};

interface Props {
  /** The URL's `targetType`: types separated by commas, in their fixed order. */
  value: string | undefined;
  onChange: (value: string | undefined) => void;
}

/** What the tokens play, by target type: any number of them, none for every token. */
export function TargetTypeFilter({ value, onChange }: Props) {
  const selected = targetTypesOfFilter(value);
  return (
    <TextField
      select
      label="Target"
      value={selected}
      onChange={(event) => {
        // A multiple select answers with the list of values chosen.
        const chosen = event.target.value as unknown as string[];
        const types = TOKEN_TARGET_TYPES.filter((type) => chosen.includes(type));
        onChange(types.length > 0 ? types.join(',') : undefined);
      }}
      slotProps={{
        select: {
          multiple: true,
          displayEmpty: true,
          renderValue: () =>
            selected.length === 0
              ? 'Any target'
              : selected.map((type) => TARGET_TYPE_LABELS[type]).join(', '),
        },
        inputLabel: { shrink: true },
      }}
    >
      {TOKEN_TARGET_TYPES.map((type) => (
        <MenuItem key={type} value={type}>
          <Checkbox
            checked={selected.includes(type)}
            size="small"
            tabIndex={-1}
            disableRipple
            sx={{ py: 0, pl: 0 }}
            slotProps={{ input: { 'aria-hidden': true } }}
          />
          {TARGET_TYPE_LABELS[type]}
        </MenuItem>
      ))}
    </TextField>
  );
}
