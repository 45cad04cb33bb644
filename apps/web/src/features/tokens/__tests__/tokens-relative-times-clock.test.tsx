import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { sessionFor } from '@/testing/fixtures.ts';
import { renderWithProviders } from '@/testing/render.tsx';
import { server } from '@/testing/server.ts';
import { tokenPage, tokenRecord } from '@/testing/token-fixtures.ts';
import { TokensOverviewPage } from '../components/overview/tokens-overview-page.tsx';

const MINUTE = 60_000;

describe('Playback tokens: relative times with a browser clock a minute or two off', () => {
  it.each([
    ['ahead of', -2 * MINUTE],
    ['behind', 2 * MINUTE],
  ])(
    'should say a token created seconds ago by the server was created seconds ago, with the browser 2 minutes %s it',
    async (_label, skew) => {
      const serverNow = Date.now() + skew;
      const created = new Date(serverNow - 10_000).toISOString();
      const record = tokenRecord({
        issuedAt: created,
        notBefore: created,
        createdAt: created,
        expiresAt: new Date(serverNow + 60 * MINUTE).toISOString(),
      });
      server.use(
        http.get('/api/session', () =>
          HttpResponse.json(
            sessionFor('editor', { serverTime: new Date(Date.now() + skew).toISOString() }),
          ),
        ),
        http.get('/api/tokens', () => HttpResponse.json(tokenPage([record]))),
      );
      renderWithProviders(<TokensOverviewPage />, { route: '/tokens', path: '/tokens' });
      const table = await screen.findByRole('table', { name: 'Playback tokens' });
      const row = (await within(table).findAllByRole('row'))[1]!;
      expect(row).toHaveTextContent('a few seconds ago');
      expect(row).toHaveTextContent('in an hour');
      expect(row).not.toHaveTextContent(/minutes ago|in \d+ minutes|in a minute/);
    },
  );
});
