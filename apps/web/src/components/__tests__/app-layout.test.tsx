import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/testing/render.tsx';
import { AppLayout } from '../layout/app-layout.tsx';

const zIndex = (element: Element) => Number(getComputedStyle(element).zIndex);

describe('AppLayout on a phone', () => {
  it('should open the navigation above the app bar, so that the bar is not usable over it', async () => {
    // jsdom matches no media query: the phone layout.
    const { user } = renderWithProviders(
      <AppLayout
        organisationName="Demo Events"
        user={{ displayName: 'Ada admin', email: 'admin@example.com', roleLabel: 'Admin' }}
        sections={[{ items: [{ to: '/streams', label: 'Streams', icon: null }] }]}
        onSignOut={() => {}}
        signingOut={false}
      >
        <h1>Streams</h1>
      </AppLayout>,
    );
    await user.click(screen.getByRole('button', { name: 'Open navigation' }));
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Streams' })).toBeVisible();
    const drawer = nav.closest('.MuiModal-root')!;
    const appBar = document.querySelector('header')!;
    expect(zIndex(drawer)).toBeGreaterThan(zIndex(appBar));
  });
});
