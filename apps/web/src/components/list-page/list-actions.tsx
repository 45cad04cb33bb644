import DownloadIcon from '@mui/icons-material/Download';
import FilterAltOffIcon from '@mui/icons-material/FilterAltOff';
import { Button, type ButtonProps } from '@mui/material';
import { exportUrl } from '@/lib/export-url.ts';

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

/**
 * "Export CSV" in a list page's header: what the list shows with its filters, as a plain download
 * (see exportUrl).
 */
export function ExportCsvButton({
  path,
  query,
}: {
  path: string;
  query: Parameters<typeof exportUrl>[1];
}) {
  return (
    <Button
      variant="outlined"
      startIcon={<DownloadIcon />}
      href={exportUrl(path, query)}
      download
      sx={{ whiteSpace: 'nowrap' }}
    >
      Export CSV
    </Button>
  );
}
