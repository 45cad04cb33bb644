import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { sessionFor } from '@/testing/fixtures.ts';
import { renderWithProviders } from '@/testing/render.tsx';
import { server } from '@/testing/server.ts';
import { createTokenHandler, type CreateTokenCall } from '@/testing/token-create-fixtures.ts';
import { chooseStream } from '@/testing/stream-choice.ts';
import { CreateTokenPage } from '../components/create-token-page.tsx';

async function renderForm(clientIpv4: string | null = null) {
  server.use(
    http.get('/api/session', () => HttpResponse.json(sessionFor('editor', { clientIpv4 }))),
  );
  const view = renderWithProviders(<CreateTokenPage />, { route: '/tokens/new' });
  await screen.findByRole('form', { name: 'Secure playback token' });
  await chooseStream(view.user, 'Stage1', /DmoEv-Stage1/);
  return view;
}

const ipField = () => screen.getByRole('textbox', { name: 'Client IP' });
const submit = () => screen.getByRole('button', { name: 'Create secure playback token' });

describe('Token form: client IP advice', () => {
  it.each(['10.9.8.7', '172.20.1.1', '192.168.0.10', '127.0.0.1', '100.64.3.4', '169.254.1.1'])(
    'should warn under the field that %s is not a viewer’s public address',
    async (ip) => {
      const { user } = await renderForm();
      await user.type(ipField(), ip);
      expect(ipField()).toHaveAccessibleDescription(/never plays/);
      expect(screen.getByRole('checkbox', { name: /Use this address anyway/ })).not.toBeChecked();
    },
  );

  it('should create with a private address only after confirming it', async () => {
    const calls: CreateTokenCall[] = [];
    server.use(createTokenHandler(calls));
    const { user } = await renderForm();
    await user.type(ipField(), '10.9.8.7');
    await user.click(submit());
    const confirm = screen.getByRole('checkbox', { name: /Use this address anyway/ });
    await waitFor(() => expect(confirm).toHaveAccessibleDescription(/confirm/i));
    expect(calls).toHaveLength(0);

    await user.click(confirm);
    await user.click(submit());
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]!.body).toMatchObject({ ip: '10.9.8.7' });
    expect(calls[0]!.body).not.toHaveProperty('ipConfirmed');
  });

  it('should neither warn about nor ask to confirm a public address', async () => {
    const { user } = await renderForm();
    await user.type(ipField(), '93.184.216.34');
    expect(screen.queryByRole('checkbox', { name: /Use this address anyway/ })).toBeNull();
  });

  it('should explain for an IPv6 entry how to find the viewer’s public IPv4 address', async () => {
    const { user } = await renderForm();
    await user.type(ipField(), '2001:db8::1');
    const advice = await screen.findByRole('note', { name: 'IPv6 viewers' });
    expect(advice).toHaveTextContent(/NAT64/);
    expect(within(advice).getByRole('link', { name: /api\.ipify\.org/ })).toHaveAttribute(
      'href',
      'https://api.ipify.org',
    );
  });

  it('should offer this device’s public IPv4 when the server sees one', async () => {
    const { user } = await renderForm('93.184.216.34');
    await user.type(ipField(), '2001:db8::1');
    await user.click(
      await screen.findByRole('button', { name: 'Use this device’s public IPv4 (93.184.216.34)' }),
    );
    expect(ipField()).toHaveValue('93.184.216.34');
    await waitFor(() => expect(ipField()).not.toHaveAttribute('aria-invalid', 'true'));
  });

  it('should not offer a device address when the server sees no public IPv4', async () => {
    const { user } = await renderForm(null);
    await user.type(ipField(), '2001:db8::1');
    await screen.findByRole('note', { name: 'IPv6 viewers' });
    expect(screen.queryByRole('button', { name: /Use this device’s public IPv4/ })).toBeNull();
  });
});
