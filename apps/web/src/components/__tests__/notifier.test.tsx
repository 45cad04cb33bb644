import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/testing/render.tsx';
import { useNotifier } from '../notifier.tsx';
import { onAPhone } from '@/testing/phone.ts';

/** A page that says something when its button is pressed. */
function Page({ severity }: { severity: 'success' | 'error' }) {
  const { notify } = useNotifier();
  return (
    <button type="button" onClick={() => notify(`Said with ${severity}.`, severity)}>
      Say
    </button>
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('A message on a phone while the page is scrolled', () => {
  it('should put a confirmation away once it was shown and the page is scrolled by hand', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    onAPhone();
    const { user } = renderWithProviders(<Page severity="success" />);
    await user.click(screen.getByRole('button', { name: 'Say' }));
    expect(screen.getByRole('status')).toHaveTextContent('Said with success.');

    // Just shown: a scroll at that moment does not take it away unread.
    fireEvent.touchMove(window);
    expect(screen.getByRole('status')).toHaveTextContent('Said with success.');

    await act(() => vi.advanceTimersByTimeAsync(1_500));
    fireEvent.touchMove(window);
    await act(() => vi.advanceTimersByTimeAsync(500));
    expect(screen.queryByText('Said with success.')).not.toBeInTheDocument();
  });

  it('should keep an error until it is closed', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    onAPhone();
    const { user } = renderWithProviders(<Page severity="error" />);
    await user.click(screen.getByRole('button', { name: 'Say' }));
    await act(() => vi.advanceTimersByTimeAsync(1_500));
    fireEvent.touchMove(window);
    fireEvent.wheel(window);
    await act(() => vi.advanceTimersByTimeAsync(500));
    expect(screen.getByRole('alert')).toHaveTextContent('Said with error.');
  });
});

describe('A confirmation while no dialog fills the screen', () => {
  it('should stay at the foot of the screen', async () => {
    onAPhone();
    const { user } = renderWithProviders(<Page severity="success" />);
    await user.click(screen.getByRole('button', { name: 'Say' }));
    expect(screen.getByRole('status').closest('.MuiSnackbar-root')).toHaveClass(
      'MuiSnackbar-anchorOriginBottomCenter',
    );
  });
});
