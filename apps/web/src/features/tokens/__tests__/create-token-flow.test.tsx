import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { streamListQueryOptions } from '@/features/streams/api/list-streams.ts';
import { renderApp } from '@/testing/render-app.tsx';
import { server } from '@/testing/server.ts';
import { createTokenHandler, type CreateTokenCall } from '@/testing/token-create-fixtures.ts';
import { chooseStream } from '@/testing/stream-choice.ts';

function storageText(storage: Storage) {
  let text = '';
  for (let i = 0; i < storage.length; i += 1) {
    const key = storage.key(i) ?? '';
    text += `${key}=${storage.getItem(key) ?? ''};`;
  }
  return text;
}

describe('Secure playback token page flow', () => {
  it('should create a token, show it once, and hold it nowhere after the dialog is closed', async () => {
    const calls: CreateTokenCall[] = [];
    server.use(createTokenHandler(calls));
    const { user, client } = renderApp('/tokens/new');
    // Every history entry the page adds or replaces, with its URL and state.
    const entries = [
      vi.spyOn(window.history, 'pushState'),
      vi.spyOn(window.history, 'replaceState'),
    ];

    await screen.findByRole('form', { name: 'Secure playback token' });
    await chooseStream(user, 'Stage', /DmoEv-Stage2/);
    await user.click(screen.getByRole('switch', { name: 'Revocable' }));
    await user.click(screen.getByRole('button', { name: 'Create secure playback token' }));

    const dialog = await screen.findByRole('dialog', { name: 'Secure playback token created' });
    await waitFor(() => expect(calls).toHaveLength(1));
    const { token } = await (async () => {
      const region = within(dialog).getByRole('region', { name: 'Token' });
      return { token: region.textContent ?? '' };
    })();
    expect(token).toMatch(/^eyJ/);
    expect(calls[0]!.body.revocable).toBe(true);

    const writeText = vi.spyOn(navigator.clipboard, 'writeText');
    await user.click(within(dialog).getByRole('button', { name: 'Copy token' }));
    expect(writeText).toHaveBeenCalledWith(token);

    // Copying it counts as "I have copied the token": Escape closes without asking.
    expect(within(dialog).getByRole('checkbox', { name: 'I have copied the token' })).toBeChecked();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    await waitFor(() =>
      expect(
        screen.queryByRole('dialog', { name: 'Secure playback token created' }),
      ).not.toBeInTheDocument(),
    );

    // Nothing holds the token any more.
    expect(document.body.innerHTML).not.toContain(token);
    await waitFor(() => {
      const mutations = client.getMutationCache().getAll();
      expect(JSON.stringify(mutations.map((m) => m.state))).not.toContain(token);
    });
    const queries = client.getQueryCache().getAll();
    expect(JSON.stringify(queries.map((q) => ({ key: q.queryKey, state: q.state })))).not.toContain(
      token,
    );
    expect(storageText(localStorage)).not.toContain(token);
    expect(storageText(sessionStorage)).not.toContain(token);
    expect(JSON.stringify(entries.flatMap((spy) => spy.mock.calls))).not.toContain(token);
    expect(JSON.stringify(window.history.state ?? null)).not.toContain(token);
    expect(window.location.href).not.toContain(token);

    // A fresh form, and focus back at the top of the page.
    await waitFor(() =>
      expect(
        screen.getByRole('heading', { level: 1, name: 'Secure playback token' }),
      ).toHaveFocus(),
    );
    expect(screen.getByRole('switch', { name: 'Revocable' })).not.toBeChecked();
    expect(screen.queryByRole('button', { name: 'DmoEv-Stage2' })).not.toBeInTheDocument();
  });

  it('should let the whole flow be done with the keyboard', async () => {
    const calls: CreateTokenCall[] = [];
    server.use(createTokenHandler(calls));
    const { user, client } = renderApp('/tokens/new');
    await screen.findByRole('form', { name: 'Secure playback token' });

    const streams = screen.getByRole('combobox', { name: 'Streams' });
    act(() => streams.focus());
    await user.keyboard('Stage1');
    // The server's answer for what was typed replaces the options, and the list's highlight
    // with them: choose once it is on screen, as a person reading the list would.
    const searched = streamListQueryOptions({ page: 1, pageSize: 20, search: 'Stage1' }).queryKey;
    await waitFor(() => expect(client.getQueryState(searched)?.status).toBe('success'));
    await screen.findByRole('option', { name: /DmoEv-Stage1/ });
    await user.keyboard('{ArrowDown}{Enter}');
    expect(await screen.findByRole('button', { name: 'DmoEv-Stage1' })).toBeInTheDocument();

    act(() => screen.getByRole('button', { name: 'Create secure playback token' }).focus());
    await user.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog', { name: 'Secure playback token created' });
    await waitFor(() => expect(dialog.contains(document.activeElement)).toBe(true));

    act(() => within(dialog).getByRole('checkbox', { name: 'I have copied the token' }).focus());
    await user.keyboard(' ');
    await user.tab();
    expect(within(dialog).getByRole('button', { name: 'Close' })).toHaveFocus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(calls).toHaveLength(1);
  });
});
