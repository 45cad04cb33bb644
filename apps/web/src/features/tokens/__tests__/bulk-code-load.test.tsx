import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderApp } from '@/testing/render-app.tsx';
import { chooseStream } from '@/testing/stream-choice.ts';

// What "Check rows" shows is fetched apart from the page: here it cannot be, at first.
const network = vi.hoisted(() => ({ offline: true }));
vi.mock('@/features/tokens/components/bulk/bulk-check-views.ts', async (importOriginal) => {
  if (network.offline) {
    throw new TypeError('Failed to fetch dynamically imported module: bulk-check-views.js');
  }
  return importOriginal();
});

describe('Create in bulk: code loaded apart from the page', () => {
  it('should say when the preview cannot be loaded, and show it when Check rows is pressed again', async () => {
    const { user } = renderApp('/tokens/bulk');
    await screen.findByRole('heading', { level: 1, name: 'Create tokens in bulk' });
    await user.click(screen.getByRole('textbox', { name: 'Or paste the rows' }));
    await user.paste('user id,tag\nguest-1,press\nguest-2,press\n');
    await chooseStream(user, 'Stage', /DmoEv-Stage2/);

    await user.click(screen.getByRole('button', { name: 'Check rows' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The preview could not be loaded. Check the connection, then check the rows again.',
    );
    expect(screen.getByText('2 rows ready to check.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Mint tokens' })).toBeDisabled();

    network.offline = false;
    await user.click(screen.getByRole('button', { name: 'Check rows' }));
    expect(await screen.findByText(/All 2 rows are fine/)).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('button', { name: 'Mint 2 tokens' })).toBeEnabled();
  });
});
