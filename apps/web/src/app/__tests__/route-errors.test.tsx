import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderApp } from '@/testing/render-app.tsx';

// The Token inspector fails while it renders; the audit log's code cannot be fetched.
vi.mock('@/features/inspector/components/inspector-page.tsx', () => ({
  InspectorPage: () => {
    throw new Error('The inspector broke.');
  },
}));
vi.mock('@/features/audit/components/audit-page.tsx', () => ({
  AuditPage: () => {
    throw new TypeError('Failed to fetch dynamically imported module: /assets/audit-page.js');
  },
}));

describe('Route errors', () => {
  it('should show a failing page’s error inside the frame, and the next page normally', async () => {
    // React reports the caught error on the console.
    vi.mocked(console.error).mockImplementation(() => {});
    const { user } = renderApp('/inspector');
    expect(await screen.findByText('This page could not be shown')).toBeVisible();
    expect(
      screen.getByText(/The inspector broke\. Reload to try again/, { exact: false }),
    ).toBeVisible();
    expect(screen.getByRole('group', { name: 'Organisation' })).toHaveTextContent('Demo Events');

    await user.click(screen.getByRole('button', { name: 'Open navigation' }));
    const nav = within(await screen.findByRole('navigation', { name: 'Main' }));
    await user.click(nav.getByRole('link', { name: 'Streams' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Streams' })).toBeVisible();
    expect(screen.queryByText('This page could not be shown')).not.toBeInTheDocument();
  });

  it('should say that the browser is offline, not that the dashboard was updated, when a page’s code cannot be fetched offline', async () => {
    vi.mocked(console.error).mockImplementation(() => {});
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    renderApp('/audit');
    expect(await screen.findByText('No connection')).toBeVisible();
    expect(
      screen.getByText(
        'This page could not be loaded: the browser is offline. It loads by itself once the connection is back.',
      ),
    ).toBeVisible();
    expect(screen.queryByText('The dashboard was updated')).not.toBeInTheDocument();
  });
});
