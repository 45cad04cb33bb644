import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderApp } from '@/testing/render-app.tsx';

// The Token Inspector fails while it renders.
vi.mock('@/features/inspector/components/inspector-page.tsx', () => ({
  InspectorPage: () => {
    throw new Error('The inspector broke.');
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
});
