import { screen, waitFor, within } from '@testing-library/react';
import type { InspectResponse } from '@ptd/contracts';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { formatUtc } from '@/lib/format.ts';
import { renderWithProviders } from '@/testing/render.tsx';
import { server } from '@/testing/server.ts';
import { fakeJwt, revocableToken, sampleTokens } from '@/testing/token-fixtures.ts';
import { InspectorPage } from '../components/inspector-page.tsx';

const exp = 1796730841;
const claims = { aud: 'splay', iss: 'nanocosmos', exp, nbf: 1765198493, streams: ['DmoEv-Stage2'] };
const token = fakeJwt(claims);

function serveInspect(response: Partial<InspectResponse>) {
  const bodies: unknown[] = [];
  server.use(
    http.post('/api/tokens/inspect', async ({ request }) => {
      bodies.push(await request.json());
      return HttpResponse.json({
        header: { alg: 'EdDSA', typ: 'JWT', kid: 'test' },
        claims,
        decodeError: null,
        verdict: { valid: true, errorCode: null, message: 'The token is valid.' },
        record: null,
        organisation: { belongsTo: 'this', name: 'Demo Events', otherId: null, otherHash: null },
        ...response,
      });
    }),
  );
  return bodies;
}

function renderInspector() {
  return renderWithProviders(<InspectorPage />, { route: '/inspector', path: '/inspector' });
}

async function pasteToken(user: ReturnType<typeof renderInspector>['user'], value: string) {
  await user.click(screen.getByRole('textbox', { name: 'Token' }));
  await user.paste(value);
}

describe('InspectorPage', () => {
  it('should decode the pasted token in the browser before it is inspected', async () => {
    const { user } = renderInspector();
    expect(screen.getByRole('button', { name: 'Inspect' })).toBeDisabled();

    await pasteToken(user, token);

    const local = screen.getByRole('region', { name: 'Decoded locally' });
    expect(within(local).getByText(/not verified yet/)).toBeInTheDocument();
    const table = within(local).getByRole('table', { name: 'Claims' });
    expect(within(table).getByText('DmoEv-Stage2', { exact: false })).toBeInTheDocument();
    expect(within(table).getByText(String(exp))).toBeInTheDocument();
    expect(within(table).getByText(new RegExp(formatUtc(exp * 1000)))).toBeInTheDocument();
    expect(within(local).getByLabelText('Header JSON')).toHaveTextContent('"alg": "EdDSA"');
    expect(within(local).getByLabelText('Header JSON').textContent).toMatch(/^\{\n {2}"/);
  });

  it('should say under the field when the text is not a token', async () => {
    const { user } = renderInspector();
    await user.type(screen.getByRole('textbox', { name: 'Token' }), 'not-a-token');
    expect(screen.getByRole('textbox', { name: 'Token' })).toHaveAccessibleDescription(
      /This is not a JWT/,
    );
    expect(screen.getByRole('textbox', { name: 'Token' })).toBeInvalid();

    await user.clear(screen.getByRole('textbox', { name: 'Token' }));
    await user.type(screen.getByRole('textbox', { name: 'Token' }), 'abc.!!!.def');
    expect(screen.getByRole('textbox', { name: 'Token' })).toHaveAccessibleDescription(
      /three base64url parts/,
    );
  });

  it('should show a valid verdict and the ledger record with a link to it', async () => {
    const record = revocableToken();
    const bodies = serveInspect({ record });
    const { user } = renderInspector();
    // A token wrapped over lines is joined back together.
    await pasteToken(user, `${token.slice(0, 20)}\n${token.slice(20)}`);
    await user.click(screen.getByRole('button', { name: 'Inspect' }));

    const result = await screen.findByRole('region', { name: 'Inspection result' });
    expect(bodies).toEqual([{ token }]);
    expect(within(result).getByText('Valid token')).toBeInTheDocument();
    const ledger = within(result).getByRole('region', { name: 'In the ledger' });
    expect(within(ledger).getByText('vip-lounge')).toBeInTheDocument();
    expect(within(ledger).getByText('Active')).toBeInTheDocument();
    expect(within(ledger).getByRole('link', { name: /Open the record/ })).toHaveAttribute(
      'href',
      '/tokens?record=tok-rev',
    );
  });

  it('should name a group token’s target by its streams, as Playback tokens does', async () => {
    const groupId = 'a1000000-0000-4000-8000-000000000002';
    serveInspect({ record: { ...revocableToken(), target: { type: 'group', groupId } } });
    server.use(
      http.get('/api/stream-groups', () =>
        HttpResponse.json({
          items: [{ groupId, name: 'DmEvt-Cncrt', streams: ['DmEvt-Cncrt', 'DmEvt-Cn480'] }],
        }),
      ),
    );
    const { user } = renderInspector();
    await pasteToken(user, token);
    await user.click(screen.getByRole('button', { name: 'Inspect' }));

    const ledger = await screen.findByRole('region', { name: 'In the ledger' });
    expect(await within(ledger).findByText('DmEvt-Cncrt')).toBeVisible();
    expect(within(ledger).getByText('Stream group · 1 more stream')).toBeVisible();
    expect(within(ledger).getByText('Target').nextElementSibling).not.toHaveTextContent(groupId);
  });

  it("should say a viewer's token was a viewer request, not an unknown creator", async () => {
    const viewer = sampleTokens().find((record) => record.kind === 'viewer')!;
    serveInspect({ record: viewer });
    const { user } = renderInspector();
    await pasteToken(user, token);
    await user.click(screen.getByRole('button', { name: 'Inspect' }));

    const ledger = await screen.findByRole('region', { name: 'In the ledger' });
    expect(within(ledger).getByText('Created by').nextSibling).toHaveTextContent('Viewer request');
    expect(within(ledger).queryByText('Unknown')).not.toBeInTheDocument();
  });

  it('should show an invalid verdict with the error code and message', async () => {
    serveInspect({ verdict: { valid: false, errorCode: 1002, message: 'The token has expired.' } });
    const { user } = renderInspector();
    await pasteToken(user, token);
    await user.click(screen.getByRole('button', { name: 'Inspect' }));

    const result = await screen.findByRole('region', { name: 'Inspection result' });
    expect(within(result).getByText('Invalid token')).toBeInTheDocument();
    expect(within(result).getByText(/Error 1002/)).toBeInTheDocument();
    expect(within(result).getByText(/The token has expired/)).toBeInTheDocument();
    expect(within(result).getByText(/ledger has no record/)).toBeInTheDocument();
  });

  it('should not call a token it cannot read one created elsewhere', async () => {
    const decodeError = 'The token header or claims are not valid base64url-encoded JSON.';
    serveInspect({
      header: null,
      claims: null,
      decodeError,
      verdict: {
        valid: false,
        errorCode: 2004,
        message: 'The token service cannot read this token.',
      },
    });
    const { user } = renderInspector();
    await pasteToken(user, 'garbage.token.here');
    await user.click(screen.getByRole('button', { name: 'Inspect' }));

    const result = await screen.findByRole('region', { name: 'Inspection result' });
    // Said once, under the field it is about.
    expect(screen.getByRole('textbox', { name: 'Token' })).toHaveAccessibleDescription(decodeError);
    expect(screen.getAllByText(decodeError)).toHaveLength(1);
    expect(result).not.toHaveTextContent(decodeError);
    expect(result).not.toHaveTextContent(/created elsewhere/);
    expect(within(result).getByText(/cut short or changed when it was copied/)).toBeInTheDocument();
  });

  it('should keep the token out of the URL, storage and query cache, and forget it on clear', async () => {
    serveInspect({});
    const { user, client } = renderInspector();
    await pasteToken(user, token);
    await user.click(screen.getByRole('button', { name: 'Inspect' }));
    await screen.findByRole('region', { name: 'Inspection result' });

    expect(window.location.pathname + window.location.search).not.toContain(token);
    expect(JSON.stringify({ ...localStorage })).not.toContain(token);
    expect(JSON.stringify({ ...sessionStorage })).not.toContain(token);
    expect(
      JSON.stringify(
        client
          .getQueryCache()
          .getAll()
          .map((q) => [q.queryKey, q.state.data]),
      ),
    ).not.toContain(token);

    await user.click(screen.getByRole('button', { name: 'Clear' }));
    expect(screen.getByRole('textbox', { name: 'Token' })).toHaveValue('');
    expect(screen.queryByRole('region', { name: 'Inspection result' })).not.toBeInTheDocument();
    await waitFor(() => expect(client.getMutationCache().getAll()).toHaveLength(0));
  });

  it('should drop a verdict when the token is edited', async () => {
    serveInspect({});
    const { user } = renderInspector();
    await pasteToken(user, token);
    await user.click(screen.getByRole('button', { name: 'Inspect' }));
    await screen.findByRole('region', { name: 'Inspection result' });

    await user.type(screen.getByRole('textbox', { name: 'Token' }), 'x');
    expect(screen.queryByRole('region', { name: 'Inspection result' })).not.toBeInTheDocument();
  });

  it('should show a failed request to the user', async () => {
    server.use(
      http.post('/api/tokens/inspect', () =>
        HttpResponse.json(
          { code: 'upstream-unavailable', message: 'The token service did not answer in time.' },
          { status: 504 },
        ),
      ),
    );
    const { user } = renderInspector();
    await pasteToken(user, token);
    await user.click(screen.getByRole('button', { name: 'Inspect' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The token service did not answer in time.',
    );
  });
});
