import { screen, within } from '@testing-library/react';
import type { Session } from '@ptd/contracts';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { organisation, sessionFor } from '@/testing/fixtures.ts';
import { renderApp } from '@/testing/render-app.tsx';
import { server } from '@/testing/server.ts';
import { revocableToken, tokenPage } from '@/testing/token-fixtures.ts';

function signedIn(role: Session['user']['role'], changes: Partial<Session['organisation']>) {
  server.use(
    http.get('/api/session', () =>
      HttpResponse.json(sessionFor(role, { organisation: { ...organisation, ...changes } })),
    ),
    http.get('/api/tokens', () => HttpResponse.json(tokenPage([revocableToken()]))),
  );
}

const createButtons = () => screen.queryAllByRole('button', { name: /^Create (secure|token)/ });
const createLinks = () => screen.queryAllByRole('link', { name: /^Create (secure|token)/ });

describe('An organisation without the Secure Playback package', () => {
  it('should say "Upgrade needed" where the stream overview would offer to create a token', async () => {
    signedIn('editor', { securePackage: false });
    renderApp('/streams/id-DmoEv-Stage1');
    await screen.findByRole('heading', { level: 1, name: 'DmoEv-Stage1' });
    expect(createButtons()).toHaveLength(0);
    const notices = screen.getAllByRole('note', { name: 'Upgrade needed' });
    // In the page header and in the Playouts section.
    expect(notices).toHaveLength(2);
    expect(notices[0]).toHaveTextContent(/Secure Playback package/);
    expect(
      within(notices[0]!).getByRole('link', { name: /About secure playback/ }),
    ).toHaveAttribute('href', 'https://docs.nanocosmos.de/docs/dashboard/secure_playback');
  });

  it('should say "Upgrade needed" instead of "Create token" in Playback tokens', async () => {
    signedIn('admin', { securePackage: false });
    renderApp('/tokens');
    await screen.findByRole('heading', { level: 1, name: 'Playback tokens' });
    expect(createLinks()).toHaveLength(0);
    expect(screen.getByRole('note', { name: 'Upgrade needed' })).toHaveTextContent(
      /Ask nanocosmos to enable it/,
    );
  });

  it('should keep quiet about it to a viewer, who could not create tokens anyway', async () => {
    signedIn('viewer', { securePackage: false });
    renderApp('/streams/id-DmoEv-Stage1');
    await screen.findByRole('heading', { level: 1, name: 'DmoEv-Stage1' });
    expect(screen.queryByRole('note', { name: 'Upgrade needed' })).toBeNull();
  });
});

describe('A read-only nanoStream credential', () => {
  it('should disable creating a token on the stream overview and say why', async () => {
    signedIn('editor', { credentialRole: 'nanoReadOnly' });
    renderApp('/streams/id-DmoEv-Stage1');
    await screen.findByRole('heading', { level: 1, name: 'DmoEv-Stage1' });
    const buttons = screen.getAllByRole('button', { name: 'Create secure playback token' });
    expect(buttons.length).toBeGreaterThan(0);
    for (const button of buttons) {
      expect(button).toBeDisabled();
      expect(button).toHaveAccessibleDescription(/read-only \(nanoReadOnly\)/);
    }
  });

  it('should disable creating a stream and say why', async () => {
    signedIn('editor', { credentialRole: 'nanoReadOnly' });
    renderApp('/streams');
    await screen.findByRole('heading', { level: 1, name: 'Streams' });
    const create = screen.getByRole('button', { name: 'Create stream' });
    expect(create).toBeDisabled();
    expect(create).toHaveAccessibleDescription(/read-only \(nanoReadOnly\)/);
  });

  it('should disable create and revoke in Playback tokens and say why', async () => {
    signedIn('admin', { credentialRole: 'nanoReadOnly' });
    renderApp('/tokens');
    const table = await screen.findByRole('table', { name: 'Playback tokens' });
    expect(createLinks()).toHaveLength(0);
    const create = screen.getByRole('button', { name: 'Create token' });
    expect(create).toBeDisabled();
    expect(create).toHaveAccessibleDescription(/read-only \(nanoReadOnly\)/);
    expect(within(table).queryByRole('button', { name: /^Revoke/ })).toBeNull();
    expect(screen.getByRole('note', { name: 'Read-only credential' })).toHaveTextContent(
      /cannot create or revoke tokens/,
    );
  });

  it('should explain on the create page instead of showing a form that fails', async () => {
    signedIn('editor', { credentialRole: 'nanoReadOnly' });
    renderApp('/tokens/new');
    expect(await screen.findByText('Token creation is off')).toBeInTheDocument();
    expect(screen.getByText(/read-only \(nanoReadOnly\)/)).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Secure playback token' })).toBeNull();
  });
});
