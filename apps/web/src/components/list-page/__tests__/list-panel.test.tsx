import InboxIcon from '@mui/icons-material/Inbox';
import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/testing/render.tsx';
import { ListEmptyState } from '../list-empty-state.tsx';
import { ListPanel, type ListQuery } from '../list-panel.tsx';

const labels = { loading: 'Loading rows…', updating: 'Updating rows', failed: 'No rows today.' };

function query(overrides: Partial<ListQuery<string[]>>): ListQuery<string[]> {
  return {
    data: undefined,
    isPending: false,
    isError: false,
    isFetching: false,
    refetch: vi.fn(),
    ...overrides,
  };
}

function renderPanel(list: ListQuery<string[]>, filtered = false, onClear = vi.fn()) {
  return renderWithProviders(
    <ListPanel
      query={list}
      labels={labels}
      isEmpty={(rows) => rows.length === 0}
      empty={
        <ListEmptyState
          filtered={filtered}
          onClear={onClear}
          icon={<InboxIcon />}
          none={{ title: 'No rows yet', description: 'Rows appear here.' }}
          unmatched={{ title: 'No rows match these filters', description: 'Try another.' }}
        />
      }
    >
      {(rows) => (
        <ul aria-label="Rows">
          {rows.map((row) => (
            <li key={row}>{row}</li>
          ))}
        </ul>
      )}
    </ListPanel>,
  );
}

describe('ListPanel', () => {
  it('should say the list is loading before the first page arrives', () => {
    renderPanel(query({ isPending: true, isFetching: true }));
    expect(screen.getByRole('status')).toHaveTextContent('Loading rows…');
    expect(screen.queryByRole('progressbar', { name: 'Updating rows' })).not.toBeInTheDocument();
  });

  it('should keep the previous rows under a bar while the next page or filter loads', () => {
    renderPanel(query({ data: ['a', 'b'], isFetching: true }));
    expect(screen.getByRole('list', { name: 'Rows' })).toHaveTextContent('ab');
    expect(screen.getByRole('progressbar', { name: 'Updating rows' })).toBeInTheDocument();
  });

  it('should offer to try again when the first load failed', async () => {
    const list = query({ isError: true });
    const { user } = renderPanel(list);
    expect(screen.getByRole('alert')).toHaveTextContent('No rows today.');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(list.refetch).toHaveBeenCalledOnce();
  });

  it('should keep the rows when a later load failed', () => {
    renderPanel(query({ data: ['a'], isError: true }));
    expect(screen.getByRole('list', { name: 'Rows' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
  });

  it('should tell an empty list from one whose filters match nothing', async () => {
    const onClear = vi.fn();
    const view = renderPanel(query({ data: [] }), false, onClear);
    expect(screen.getByRole('heading', { name: 'No rows yet' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Clear filters' })).not.toBeInTheDocument();
    view.unmount();

    const { user } = renderPanel(query({ data: [] }), true, onClear);
    expect(
      screen.getByRole('heading', { name: 'No rows match these filters' }),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(onClear).toHaveBeenCalledOnce();
  });
});
