import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '@/testing/render.tsx';
import { server } from '@/testing/server.ts';
import { fakeJwt } from '@/testing/token-fixtures.ts';
import { InspectorPage } from '../components/inspector-page.tsx';

const claims = {
  aud: 'splay',
  iss: 'nanocosmos',
  sub: 'b0000000-0000-4000-8000-000000000000',
  exp: 1796730841,
  nbf: 1765198493,
  streams: ['PrtMd-NwsDk'],
};

describe('InspectorPage: another organisation’s token', () => {
  it('should say whose it is and that it cannot play this organisation’s streams', async () => {
    server.use(
      http.post('/api/tokens/inspect', () =>
        HttpResponse.json({
          header: { alg: 'EdDSA', typ: 'JWT', kid: 'test' },
          claims,
          decodeError: null,
          verdict: {
            valid: true,
            errorCode: null,
            message: 'The token service accepts this token.',
          },
          record: null,
          organisation: {
            belongsTo: 'other',
            name: 'Demo Events',
            otherId: 'b0000000-0000-4000-8000-000000000000',
            otherHash: 'PrtMd',
          },
        }),
      ),
    );
    const { user } = renderWithProviders(<InspectorPage />, {
      route: '/inspector',
      path: '/inspector',
    });
    await user.click(screen.getByRole('textbox', { name: 'Token' }));
    await user.paste(fakeJwt(claims));
    await user.click(screen.getByRole('button', { name: 'Inspect' }));

    const verdict = await screen.findByRole('status', { name: /another organisation/ });
    expect(screen.queryByText('Valid token')).toBeNull();
    expect(verdict).toHaveTextContent(/PrtMd/);
    expect(verdict).toHaveTextContent(/b0000000-0000-4000-8000-000000000000/);
    expect(verdict).toHaveTextContent(/cannot play streams of Demo Events/);
  });

  it('should show an override in this organisation’s name as a marker, isolated', async () => {
    const odd = 'abc\u202edef';
    server.use(
      http.post('/api/tokens/inspect', () =>
        HttpResponse.json({
          header: { alg: 'EdDSA', typ: 'JWT', kid: 'test' },
          claims,
          decodeError: null,
          verdict: { valid: false, errorCode: 4001, message: 'Signature invalid.' },
          record: null,
          organisation: { belongsTo: 'other', name: odd, otherId: null, otherHash: 'PrtMd' },
        }),
      ),
    );
    const { user } = renderWithProviders(<InspectorPage />, {
      route: '/inspector',
      path: '/inspector',
    });
    await user.click(screen.getByRole('textbox', { name: 'Token' }));
    await user.paste(fakeJwt(claims));
    await user.click(screen.getByRole('button', { name: 'Inspect' }));

    const verdict = await screen.findByRole('status', { name: /another organisation/ });
    expect(verdict).toHaveTextContent(
      /not to abcU\+202Edef: it cannot play streams of abcU\+202Edef\. ?Error 4001/,
    );
    expect(verdict.textContent).not.toContain('\u202e');
    const markers = verdict.querySelectorAll('[data-control-character="U+202E"]');
    expect(markers).toHaveLength(2);
    for (const marker of markers) {
      expect(marker.closest('bdi')).toHaveTextContent(/^abcU\+202Edef$/);
    }
  });
});
