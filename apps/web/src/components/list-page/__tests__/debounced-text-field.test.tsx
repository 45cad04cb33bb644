import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '@/testing/render.tsx';
import { DebouncedTextField, FILTER_DELAY_MS } from '../filter-fields.tsx';

afterEach(() => vi.useRealTimers());

describe('DebouncedTextField', () => {
  it('should apply what was typed once, 350 ms after the last keystroke', () => {
    vi.useFakeTimers();
    const onCommit = vi.fn();
    renderWithProviders(<DebouncedTextField label="Tag" value="" onCommit={onCommit} />);
    const field = screen.getByRole('textbox', { name: 'Tag' });
    fireEvent.change(field, { target: { value: 'pre' } });
    vi.advanceTimersByTime(200);
    fireEvent.change(field, { target: { value: ' premium ' } });
    vi.advanceTimersByTime(349);
    expect(onCommit).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onCommit).toHaveBeenCalledExactlyOnceWith('premium');
    expect(FILTER_DELAY_MS).toBe(350);
  });

  it('should apply at once on Enter', () => {
    const onCommit = vi.fn();
    renderWithProviders(<DebouncedTextField label="Tag" value="" onCommit={onCommit} />);
    const field = screen.getByRole('textbox', { name: 'Tag' });
    fireEvent.change(field, { target: { value: 'vip' } });
    fireEvent.keyDown(field, { key: 'Enter' });
    expect(onCommit).toHaveBeenCalledExactlyOnceWith('vip');
  });
});
