import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { auditEntries, auditPage, staffMembers } from '@/testing/admin-fixtures.ts';
import { renderApp } from '@/testing/render-app.tsx';
import { server } from '@/testing/server.ts';
import { sampleTokens, tokenPage } from '@/testing/token-fixtures.ts';

/** Each page has one name: its entry in the side navigation, its heading and its tab title. */
describe('Page names', () => {
  it('should name every page in the navigation the way its heading and tab title do', async () => {
    server.use(
      http.get('/api/tokens', () => HttpResponse.json(tokenPage(sampleTokens()))),
      http.get('/api/staff', () => HttpResponse.json(staffMembers())),
      http.get('/api/audit', () => HttpResponse.json(auditPage(auditEntries()))),
    );
    const { user } = renderApp('/streams');
    await screen.findByRole('heading', { level: 1, name: 'Streams' });
    const openNavigation = async () => {
      await user.click(await screen.findByRole('button', { name: 'Open navigation' }));
      return within(await screen.findByRole('navigation', { name: 'Main' }));
    };
    const labels = (await openNavigation()).getAllByRole('link').map((link) => link.textContent);
    await user.keyboard('{Escape}');
    expect(labels).toContain('Audit log');
    for (const label of labels) {
      await user.click((await openNavigation()).getByRole('link', { name: label ?? '' }));
      expect(await screen.findByRole('heading', { level: 1, name: label ?? '' })).toBeVisible();
      await waitFor(() => expect(document.title).toBe(`${label} · nanoStream Cloud`));
    }
  }, 120_000);
});
