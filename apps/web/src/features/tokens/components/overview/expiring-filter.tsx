import { Box, MenuItem, TextField } from '@mui/material';
import { useState } from 'react';
import { FilterSelect } from '@/components/list-page/filter-fields.tsx';

const HOUR = 3600;
const DAY = 24 * HOUR;
export const EXPIRING_PRESETS = [
  { seconds: HOUR, label: '1 hour' },
  { seconds: DAY, label: '24 hours' },
  { seconds: 7 * DAY, label: '7 days' },
] as const;

const CHOICES = [
  ...EXPIRING_PRESETS.map((preset) => ({ value: String(preset.seconds), label: preset.label })),
  { value: 'custom', label: 'Custom…' },
];

const UNITS = [
  { seconds: HOUR, label: 'hours' },
  { seconds: DAY, label: 'days' },
] as const;

interface Props {
  /** Seconds, as in the URL. */
  value: number | undefined;
  onChange: (seconds: number | undefined) => void;
}

const isPreset = (value: number | undefined) =>
  EXPIRING_PRESETS.some((preset) => preset.seconds === value);

/** "Expiring soon": active tokens expiring within 1 h, 24 h, 7 days or a number of hours/days. */
export function ExpiringFilter({ value, onChange }: Props) {
  const [custom, setCustom] = useState(value !== undefined && !isPreset(value));
  const [unit, setUnit] = useState<number>(value !== undefined && value % DAY === 0 ? DAY : HOUR);
  const [amount, setAmount] = useState(value !== undefined ? String(value / unit) : '');
  // Cleared or set to a preset elsewhere (Clear filters, Back): the custom fields go away.
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    if (value === undefined || isPreset(value)) setCustom(false);
  }
  const choice = custom ? 'custom' : value === undefined ? undefined : String(value);

  const apply = (text: string, per: number) => {
    const n = Number(text);
    if (Number.isInteger(n) && n >= 1 && n * per <= 366 * DAY) onChange(n * per);
  };

  return (
    <Box sx={{ display: 'grid', gap: 1 }}>
      <FilterSelect
        label="Expiring within"
        value={choice}
        empty="Any time"
        options={CHOICES}
        onChange={(picked) => {
          setCustom(picked === 'custom');
          if (picked === 'custom') {
            const start = value ?? 2 * DAY;
            setUnit(start % DAY === 0 ? DAY : HOUR);
            setAmount(String(start % DAY === 0 ? start / DAY : start / HOUR));
            onChange(start);
          } else onChange(picked === undefined ? undefined : Number(picked));
        }}
      />
      {custom && (
        <Box sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 1 }}>
          <TextField
            size="small"
            type="number"
            label="Within"
            value={amount}
            onChange={(event) => {
              setAmount(event.target.value);
              apply(event.target.value, unit);
            }}
            slotProps={{ htmlInput: { min: 1 }, inputLabel: { shrink: true } }}
          />
          <TextField
            size="small"
            select
            label="Unit"
            value={unit}
            onChange={(event) => {
              const per = Number(event.target.value);
              setUnit(per);
              apply(amount, per);
            }}
          >
            {UNITS.map((option) => (
              <MenuItem key={option.seconds} value={option.seconds}>
                {option.label}
              </MenuItem>
            ))}
          </TextField>
        </Box>
      )}
    </Box>
  );
}
