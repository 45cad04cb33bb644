import { screen, within } from '@testing-library/react';
import type { TokenRecord } from '@ptd/contracts';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { sessionFor } from '@/testing/fixtures.ts';
import { renderWithProviders } from '@/testing/render.tsx';
import { server } from '@/testing/server.ts';
import { revocableToken, tokenPage } from '@/testing/token-fixtures.ts';
import { TokensOverviewPage } from '../components/overview/tokens-overview-page.tsx';

const editorsOwn: TokenRecord = {
  ...revocableToken(),
  id: 'tok-own',
  tag: 'own-token',
  createdBy: { id: 'staff-editor', email: 'editor@example.com', displayName: 'Ada editor' },
};
const adminsToken: TokenRecord = { ...revocableToken(), id: 'tok-admins', tag: 'admins-token' };

function serve(items: TokenRecord[]) {
  server.use(
    http.get('/api/session', () => HttpResponse.json(sessionFor('editor'))),
    http.get('/api/tokens', () => HttpResponse.json(tokenPage(items))),
    http.get('/api/tokens/:id', ({ params }) =>
      HttpResponse.json(items.find((item) => item.id === params.id)),
    ),
  );
}

describe('TokensOverviewPage: an editor revoking', () => {
  it('should offer an editor to revoke a token they created, and only that one', async () => {
    serve([editorsOwn, adminsToken]);
    const { user } = renderWithProviders(<TokensOverviewPage />, {
      route: '/tokens',
      path: '/tokens',
    });
    const table = await screen.findByRole('table', { name: 'Playback tokens' });
    const own = within(table).getByRole('row', { name: /own-token/ });
    expect(within(own).getByRole('button', { name: /^Revoke/ })).toBeEnabled();
    const other = within(table).getByRole('row', { name: /admins-token/ });
    expect(within(other).queryByRole('button', { name: /^Revoke/ })).toBeNull();

    await user.click(within(other).getByRole('button', { name: /^Details of token/ }));
    const drawer = await screen.findByRole('dialog', { name: 'Token details' });
    expect(drawer).toHaveTextContent(
      'Editors can revoke the tokens they created; this one needs an admin.',
    );
  });
});
