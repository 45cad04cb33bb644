import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { policyFixture } from '@/testing/policy-fixtures.ts';
import { renderWithProviders } from '@/testing/render.tsx';
import { server } from '@/testing/server.ts';
import { PoliciesPage } from '../components/policies-page.tsx';

describe('Playback policies: testing on this machine', () => {
  it('should say which site to enter for a page on this machine, and why not 127.0.0.1', async () => {
    const { user } = renderWithProviders(<PoliciesPage />, {
      route: '/policies',
      path: '/policies',
    });
    await user.click(await screen.findByRole('button', { name: 'New policy' }));
    const dialog = await screen.findByRole('dialog');
    const sites = within(dialog).getByRole('combobox', { name: 'Allowed sites' });
    const local = `http://localhost:${window.location.port}`;
    expect(sites).toHaveAccessibleDescription(
      expect.stringContaining(`To test on this machine, enter ${local} (a host name`),
    );

    await user.click(sites);
    await user.paste(`http://127.0.0.1:${window.location.port}`);
    await user.keyboard('{Enter}');
    expect(
      within(dialog).getByText(
        `Allowed sites: For a page on this machine enter ${local}: sites are host names, not IP addresses.`,
      ),
    ).toBeVisible();
  });

  it('should open the example viewer page in one click for a policy that lists this dashboard', async () => {
    const local = `http://localhost:${window.location.port}`;
    server.use(
      http.get('/api/policies', () =>
        HttpResponse.json([
          policyFixture({ id: 'pol-demo', name: 'Local demo', allowedOrigins: [local] }),
          policyFixture({
            id: 'pol-shop',
            name: 'Shop',
            allowedOrigins: ['https://shop.example.com'],
          }),
        ]),
      ),
    );
    renderWithProviders(<PoliciesPage />, { route: '/policies', path: '/policies' });
    const list = await screen.findByRole('list', { name: 'Playback policies' });
    const demo = within(list).getByRole('listitem', { name: 'Local demo' });
    expect(
      within(demo).getByRole('link', { name: 'Try it: the example viewer page for Local demo' }),
    ).toHaveAttribute('href', `${window.location.origin}/examples/viewer?policy=pol-demo`);
    const shop = within(list).getByRole('listitem', { name: 'Shop' });
    expect(within(shop).queryByRole('link', { name: /^Try it/ })).not.toBeInTheDocument();
  });
});
