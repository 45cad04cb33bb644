import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderApp } from '@/testing/render-app.tsx';

// The CSV reader is fetched apart from the page: here it cannot be, at first.
const network = vi.hoisted(() => ({ offline: true }));
vi.mock('@ptd/contracts/bulk-csv', async (importOriginal) => {
  if (network.offline) {
    throw new TypeError('Failed to fetch dynamically imported module: bulk-csv.js');
  }
  return importOriginal();
});

describe('Create in bulk: the CSV reader, loaded apart from the page', () => {
  it('should say when the CSV reader cannot be loaded, and read the rows once it can', async () => {
    const { user } = renderApp('/tokens/bulk');
    await screen.findByRole('heading', { level: 1, name: 'Create tokens in bulk' });
    const pasted = screen.getByRole('textbox', { name: 'Or paste the rows' });
    await user.click(pasted);
    await user.paste('user id,tag\nguest-1,press\n');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The CSV reader could not be loaded. Check the connection, then paste or choose the rows again.',
    );
    expect(screen.getByRole('button', { name: 'Check rows' })).toBeDisabled();

    network.offline = false;
    await user.paste('guest-2,press\n');
    expect(await screen.findByText('2 rows ready to check.')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('button', { name: 'Check rows' })).toBeEnabled();

    const saved: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      saved.push(blob);
      return 'blob:template';
    });
    URL.revokeObjectURL = vi.fn();
    // jsdom cannot follow a download link; the file's content is what matters.
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    await user.click(screen.getByRole('button', { name: 'Download the template' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(saved[0]!);
    });
    expect(text).toMatch(/^user id,tag,client IP,domain,expiry,not before\r\n/);
  });
});
