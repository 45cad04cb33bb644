import FilterAltOffIcon from '@mui/icons-material/FilterAltOff';
import type { ReactNode } from 'react';
import { EmptyState } from '../empty-state.tsx';
import { ClearFiltersButton } from './list-actions.tsx';

export interface ListEmptyStateProps {
  /** True when filters are set: nothing matches them, rather than nothing exists. */
  filtered: boolean;
  onClear: () => void;
  icon: ReactNode;
  /** When nothing exists yet: what the list will hold, and how to get the first one. */
  none: { title: string; description: ReactNode; action?: ReactNode };
  /** When nothing matches: e.g. "No streams match these filters" and what to try. */
  unmatched: { title: string; description: ReactNode };
}

/** An empty list says which of the two it is, and what to do next. */
export function ListEmptyState({ filtered, onClear, icon, none, unmatched }: ListEmptyStateProps) {
  const shown = filtered ? unmatched : none;
  return (
    <EmptyState
      icon={filtered ? <FilterAltOffIcon /> : icon}
      title={shown.title}
      titleComponent="h2"
      description={shown.description}
      action={
        filtered ? <ClearFiltersButton variant="outlined" onClick={onClear} sx={{}} /> : none.action
      }
    />
  );
}
