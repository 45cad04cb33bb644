import CheckIcon from '@mui/icons-material/Check';
import { ListItemIcon, ListItemText, ListSubheader, MenuItem } from '@mui/material';
import { localTimeZone } from '@/lib/format.ts';
import type { TableTimeZone } from '@/lib/table-time-zone.ts';

/**
 * "Times in tables: Local time (Europe/Berlin) / UTC" as menu items (an array: a menu takes no
 * fragment), the current choice checked.
 */
export function tableTimeMenuItems(zone: TableTimeZone, choose: (zone: TableTimeZone) => void) {
  const options: Array<{ value: TableTimeZone; label: string; detail?: string }> = [
    { value: 'local', label: 'Local time', detail: localTimeZone() },
    { value: 'utc', label: 'UTC' },
  ];
  return [
    <ListSubheader key="heading" sx={{ lineHeight: 2.5, bgcolor: 'transparent' }}>
      Times in tables
    </ListSubheader>,
    ...options.map((option) => (
      <MenuItem
        key={option.value}
        role="menuitemradio"
        aria-checked={zone === option.value}
        onClick={() => choose(option.value)}
      >
        <ListItemIcon>{zone === option.value && <CheckIcon fontSize="small" />}</ListItemIcon>
        <ListItemText primary={option.label} secondary={option.detail} />
      </MenuItem>
    )),
  ];
}
