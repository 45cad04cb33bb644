import { screen, waitFor, within } from '@testing-library/react';
import type { TwoFactorStatus } from '@ptd/contracts';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/testing/render.tsx';
import { server } from '@/testing/server.ts';
import { TwoFactorPage } from '../components/two-factor-page.tsx';

const QR = 'data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=';
const CODES = Array.from(
  { length: 10 },
  (_, i) => `WXYZ-0123-4567-89${String(i).padStart(2, '0')}`,
);

function serveTwoFactor(required = false) {
  let status: TwoFactorStatus = { enabled: false, enabledAt: null, recoveryCodesLeft: 0, required };
  const sent: Array<{ path: string; body?: unknown }> = [];
  server.use(
    http.get('/api/account/two-factor', () => HttpResponse.json(status)),
    http.post('/api/account/two-factor/enrolment', () => {
      sent.push({ path: 'enrolment' });
      return HttpResponse.json({
        secret: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU',
        uri: 'otpauth://totp/x?secret=KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU',
        qrCode: QR,
      });
    }),
    http.post('/api/account/two-factor/confirm', async ({ request }) => {
      const body = await request.json();
      sent.push({ path: 'confirm', body });
      status = {
        enabled: true,
        enabledAt: new Date().toISOString(),
        recoveryCodesLeft: 10,
        required,
      };
      return HttpResponse.json({ recoveryCodes: CODES });
    }),
  );
  return sent;
}

const renderPage = () =>
  renderWithProviders(<TwoFactorPage />, {
    route: '/account/two-factor',
    path: '/account/two-factor',
  });

describe('TwoFactorPage', () => {
  it('should set two-factor up: QR code and key, first code, recovery codes once, then show it on', async () => {
    const sent = serveTwoFactor(true);
    const { user } = renderPage();
    expect(await screen.findByText('Two-factor sign-in is required for your role.')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Set up two-factor sign-in' }));
    expect(
      await screen.findByRole('img', { name: 'QR code for your authenticator app' }),
    ).toHaveAttribute('src', QR);
    expect(screen.getByText('KRSX G5CT MVRX EZLU KRSX G5CT MVRX EZLU')).toBeVisible();
    expect(screen.getByRole('button', { name: 'Copy key' })).toBeVisible();

    await user.click(screen.getByRole('button', { name: 'Turn on' }));
    expect(screen.getByLabelText(/6-digit code/)).toHaveAccessibleDescription(
      'Code: enter the 6 digits your app shows.',
    );
    await user.type(screen.getByLabelText(/6-digit code/), '246810');
    await user.click(screen.getByRole('button', { name: 'Turn on' }));

    const list = await screen.findByRole('list', { name: 'Recovery codes' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(10);
    expect(screen.getByRole('button', { name: 'Copy recovery codes' })).toBeVisible();
    await user.click(screen.getByRole('checkbox', { name: 'I have saved my recovery codes' }));
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(await screen.findByText('Two-factor sign-in is on')).toBeVisible();
    expect(screen.getByText(/10 recovery codes left\./)).toBeVisible();
    expect(screen.queryByText(CODES[0]!)).not.toBeInTheDocument();
    await waitFor(() =>
      expect(sent).toEqual([{ path: 'enrolment' }, { path: 'confirm', body: { code: '246810' } }]),
    );
  });
});
