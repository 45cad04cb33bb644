import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderApp } from '@/testing/render-app.tsx';
import { server } from '@/testing/server.ts';
import { createTokenHandler, type CreateTokenCall } from '@/testing/token-create-fixtures.ts';
import { chooseStream } from '@/testing/stream-choice.ts';

// The show-once dialog's code is fetched apart from the page: here it cannot be, at first.
const network = vi.hoisted(() => ({ offline: true }));
vi.mock(
  '@/features/tokens/components/token-created-dialog/token-created-dialog.tsx',
  async (importOriginal) => {
    if (network.offline) {
      throw new TypeError('Failed to fetch dynamically imported module: token-created-dialog.js');
    }
    return importOriginal();
  },
);

describe('Secure playback token page: the show-once dialog loads before a token is requested', () => {
  it('should request no token while the dialog cannot be loaded, say so, and create it once it can', async () => {
    const calls: CreateTokenCall[] = [];
    server.use(createTokenHandler(calls));
    const { user } = renderApp('/tokens/new');
    await screen.findByRole('form', { name: 'Secure playback token' });
    await chooseStream(user, 'Stage', /DmoEv-Stage2/);
    const create = screen.getByRole('button', { name: 'Create secure playback token' });
    await user.click(create);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The dialog that shows the new token could not be loaded, so no token was created. Check the connection, then create the token again.',
    );
    expect(calls).toHaveLength(0);
    expect(create).toBeEnabled();

    network.offline = false;
    await user.click(create);
    expect(
      await screen.findByRole('dialog', { name: 'Secure playback token created' }),
    ).toBeVisible();
    await waitFor(() => expect(calls).toHaveLength(1));
  });
});
