import { screen, waitFor, within } from '@testing-library/react';
import { buildPlayoutUrl } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { sessionFor } from '@/testing/fixtures.ts';
import { renderApp } from '@/testing/render-app.tsx';
import { server } from '@/testing/server.ts';
import { createTokenHandler } from '@/testing/token-create-fixtures.ts';

const player = sessionFor('admin').player;
const playoutUrl = () => screen.getByRole('region', { name: 'Web playout URL' });
const playouts = () => screen.getByRole('region', { name: 'Playouts' });

describe('Stream overview: the token flow', () => {
  it('should offer "Create secure playback token" in the Playouts section too', async () => {
    server.use(createTokenHandler());
    const { user } = renderApp('/streams/id-DmoEv-Stage1');
    await screen.findByRole('heading', { level: 1, name: 'DmoEv-Stage1' });
    await user.click(
      within(playouts()).getByRole('button', { name: 'Create secure playback token' }),
    );
    expect(
      await screen.findByRole('dialog', {
        name: 'Create a secure playback token for DmoEv-Stage1',
      }),
    ).toBeVisible();
  });

  it('should drop a token closed with "Close and discard" from the playout URL', async () => {
    server.use(createTokenHandler());
    const { user } = renderApp('/streams/id-DmoEv-Stage1');
    await screen.findByRole('heading', { level: 1, name: 'DmoEv-Stage1' });
    await user.click(
      within(playouts()).getByRole('button', { name: 'Create secure playback token' }),
    );
    const form = await screen.findByRole('dialog', {
      name: 'Create a secure playback token for DmoEv-Stage1',
    });
    await within(form).findByRole('button', { name: 'DmoEv-Stage1' });
    await user.click(within(form).getByRole('button', { name: 'Create secure playback token' }));
    const shown = await screen.findByRole('dialog', { name: 'Secure playback token created' });
    const token = within(shown).getByRole('region', { name: 'Token' }).textContent ?? '';
    await user.click(within(shown).getByRole('button', { name: 'Close' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Close without the token?' });
    await user.click(within(confirm).getByRole('button', { name: 'Close and discard' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    expect(playoutUrl()).toHaveTextContent(buildPlayoutUrl({ groupId: 'id-DmoEv-Stage1' }, player));
    expect(document.body.innerHTML).not.toContain(token);
    expect(screen.queryByText(/you just created is applied below/)).toBeNull();
  });
});
