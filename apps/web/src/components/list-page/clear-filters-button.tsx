import FilterAltOffIcon from '@mui/icons-material/FilterAltOff';
import { Button, type ButtonProps } from '@mui/material';

interface ClearFiltersButtonProps {
  onClick: () => void;
  disabled?: boolean;
  /** Outlined where it is the page's one way on (the no-match state); text in a filter bar. */
  variant?: ButtonProps['variant'];
  sx?: ButtonProps['sx'];
}

/** "Clear filters", the same in every list's filter bar and no-match state. */
export function ClearFiltersButton({
  onClick,
  disabled,
  variant = 'text',
  sx = { justifySelf: 'start' },
}: ClearFiltersButtonProps) {
  return (
    <Button
      variant={variant}
      startIcon={<FilterAltOffIcon />}
      onClick={onClick}
      disabled={disabled}
      sx={{ whiteSpace: 'nowrap', ...sx }}
    >
      Clear filters
    </Button>
  );
}
