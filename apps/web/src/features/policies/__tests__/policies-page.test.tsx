import { screen, waitFor, within } from '@testing-library/react';
import type { PlaybackPolicy } from '@ptd/contracts';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { TABLE_TIME_ZONE_KEY } from '@/lib/table-time-zone.ts';
import { sessionFor } from '@/testing/fixtures.ts';
import { policyFixture, samplePolicies } from '@/testing/policy-fixtures.ts';
import { renderWithProviders } from '@/testing/render.tsx';
import { server } from '@/testing/server.ts';
import { PoliciesPage } from '../components/policies-page.tsx';

interface Sent {
  method: string;
  path: string;
  body: unknown;
}

/** Serves an in-memory policy list and records every write. */
function servePolicies(initial: PlaybackPolicy[] = samplePolicies()) {
  let policies = initial;
  const sent: Sent[] = [];
  const toView = (id: string, body: Record<string, unknown>): PlaybackPolicy => {
    const identity = body.identity as { mode: string; audience?: string; jwksUrl?: string };
    return policyFixture({
      ...(body as Partial<PlaybackPolicy>),
      id,
      tag: (body.tag as string | undefined) ?? null,
      identity:
        identity.mode === 'secret'
          ? { mode: 'secret', secretSet: true, issuer: null, audience: identity.audience ?? null }
          : identity.mode === 'jwks'
            ? {
                mode: 'jwks',
                jwksUrl: identity.jwksUrl ?? '',
                keys: [],
                issuer: null,
                audience: null,
              }
            : { mode: 'none' },
    });
  };
  server.use(
    http.get('/api/policies', () => HttpResponse.json(policies)),
    http.post('/api/policies', async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      sent.push({ method: 'POST', path: '/api/policies', body });
      const created = toView(`pol-${policies.length + 1}`, body);
      policies = [...policies, created];
      return HttpResponse.json(created, { status: 201 });
    }),
    http.put('/api/policies/:id', async ({ params, request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      sent.push({ method: 'PUT', path: `/api/policies/${String(params.id)}`, body });
      const updated = toView(String(params.id), body);
      policies = policies.map((p) => (p.id === params.id ? updated : p));
      return HttpResponse.json(updated);
    }),
    http.post('/api/policies/:id/:action', ({ params, request }) => {
      expect(request.headers.get('x-csrf-token')).toBe('csrf-test-token');
      sent.push({
        method: 'POST',
        path: `/api/policies/${String(params.id)}/${String(params.action)}`,
        body: null,
      });
      policies = policies.map((p) =>
        p.id === params.id ? { ...p, enabled: params.action === 'enable' } : p,
      );
      return HttpResponse.json(policies.find((p) => p.id === params.id));
    }),
  );
  return sent;
}

const renderPolicies = () =>
  renderWithProviders(<PoliciesPage />, { route: '/policies', path: '/policies' });

const cardOf = async (name: string) => {
  const list = await screen.findByRole('list', { name: 'Playback policies' });
  return within(list).getByRole('listitem', { name });
};

describe('PoliciesPage', () => {
  it('should say in which zone a policy was last changed, as the tables do', async () => {
    const policy = policyFixture({ updatedAt: '2026-11-30T01:26:00.000Z' });
    servePolicies([policy]);
    const lastChanged = async () => {
      const card = await cardOf(policy.name);
      const term = within(card).getByText('Last changed');
      return term.nextElementSibling as HTMLElement;
    };
    const first = renderPolicies();
    // Local time, with the UTC instant beside it.
    expect(await lastChanged()).toHaveTextContent('2026-11-30 01:26:00 UTC');
    expect(await lastChanged()).toHaveTextContent('by Eddie Editor');
    first.unmount();

    localStorage.setItem(TABLE_TIME_ZONE_KEY, 'utc');
    renderPolicies();
    expect(await lastChanged()).toHaveTextContent('30 Nov 2026 01:26 UTC');
  });
  it('should list each policy with what its tokens carry and who may ask', async () => {
    servePolicies();
    renderPolicies();
    const cup = await cardOf('Cup final on shop.example.com');
    expect(within(cup).getByText('Enabled')).toBeInTheDocument();
    // A group the cloud does not name: by its id.
    expect(within(cup).getByText('Plays').nextElementSibling).toHaveTextContent(
      'Stream group id-DmoEv-Stage1',
    );
    expect(within(cup).getByText('30 minutes')).toBeInTheDocument();
    expect(within(cup).getByText('https://shop.example.com')).toBeInTheDocument();
    expect(
      within(cup).getByText(/Bound to the viewer’s IPv4 address; IPv6 viewers are refused/),
    ).toBeInTheDocument();
    expect(within(cup).getByText('Revocable · tag “cup-final”')).toBeInTheDocument();
    expect(
      within(cup).getByRole('link', { name: 'Issued tokens under Cup final on shop.example.com' }),
    ).toHaveAttribute('href', '/tokens?policy=pol-cup');

    const press = await cardOf('Press room');
    expect(within(press).getByText('Disabled')).toBeInTheDocument();
    expect(within(press).getByText('1 hour 30 minutes')).toBeInTheDocument();
    expect(
      within(press).getByText('Signed-in viewers only (JWT signed with the shared secret)'),
    ).toBeInTheDocument();
  });

  it('should name the stream group a policy plays as the token list does, by its streams', async () => {
    const groupId = 'a1000000-0000-4000-8000-000000000001';
    servePolicies([policyFixture({ target: { type: 'group', groupId } })]);
    server.use(
      http.get('/api/stream-groups', () =>
        HttpResponse.json({
          items: [{ groupId, name: 'DmEvt-Cncrt', streams: ['DmEvt-Cncrt', 'DmEvt-Cn480'] }],
        }),
      ),
    );
    renderPolicies();
    const list = await screen.findByRole('list', { name: 'Playback policies' });
    const card = within(list).getByRole('listitem');
    expect(await within(card).findByText('DmEvt-Cncrt')).toBeVisible();
    expect(within(card).getByText('Stream group · 1 more stream')).toBeVisible();
  });

  it('should head each card with its name and its snippet one level below, skipping none', async () => {
    servePolicies();
    renderPolicies();
    const cup = await cardOf('Cup final on shop.example.com');
    const headings = within(cup).getAllByRole('heading');
    expect(headings.map((heading) => heading.tagName)).toEqual(['H2', 'H3']);
    expect(headings[1]).toHaveTextContent('Snippet for your web page');
    // Through the whole page: no heading more than one level below the one before it.
    const levels = Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'), (heading) =>
      Number(heading.tagName[1]),
    );
    levels.forEach((level, i) => expect(level).toBeLessThanOrEqual((levels[i - 1] ?? 1) + 1));
  });

  it('should show the keys found at a policy’s JWKS URL', async () => {
    servePolicies([
      policyFixture({
        identity: {
          mode: 'jwks',
          jwksUrl: 'https://auth.example.com/jwks.json',
          keys: [
            { kid: 'site-key-1', kty: 'EC', alg: 'ES256', crv: 'P-256' },
            { kid: null, kty: 'RSA', alg: null, crv: null },
          ],
          issuer: null,
          audience: null,
        },
      }),
    ]);
    renderPolicies();
    const cup = await cardOf('Cup final on shop.example.com');
    expect(
      within(cup).getByText(
        'Signed-in viewers only (JWT checked with https://auth.example.com/jwks.json)',
      ),
    ).toBeInTheDocument();
    expect(
      within(cup).getByText('Keys found when saved: site-key-1 (ES256), a key without id (RSA)'),
    ).toBeInTheDocument();
  });

  it('should show the snippet a customer page needs, with copy buttons', async () => {
    servePolicies();
    const { user } = renderPolicies();
    const cup = await cardOf('Cup final on shop.example.com');
    await user.click(
      within(cup).getByRole('button', {
        name: 'Snippet for your web page: Cup final on shop.example.com',
      }),
    );
    const origin = window.location.origin;
    const player = within(cup).getByRole('region', { name: 'Page snippet: H5Live player' });
    expect(player).toHaveTextContent(`fetch("${origin}/playback-token"`);
    expect(player).toHaveTextContent('JSON.stringify({ policy: "pol-cup" })');
    expect(player).toHaveTextContent('security: { jwtoken: answer.jwtoken }');
    expect(player).not.toHaveTextContent('authorization');
    expect(
      within(cup).getByRole('region', { name: 'Page snippet: player in an iframe' }),
    ).toHaveTextContent('referrerpolicy="origin"');
    expect(
      within(cup).getByRole('button', { name: 'Copy page snippet: H5Live player' }),
    ).toBeInTheDocument();
    expect(
      within(cup).getByRole('button', { name: 'Copy token endpoint (POST)' }),
    ).toBeInTheDocument();
    expect(
      within(cup).getByRole('link', {
        name: 'Open the example viewer page for Cup final on shop.example.com',
      }),
    ).toHaveAttribute('href', `${origin}/examples/viewer?policy=pol-cup`);

    // A streams target plays with the entries form only, and asks for the viewer identity.
    const press = await cardOf('Press room');
    await user.click(within(press).getByRole('button', { name: /Snippet for your web page/ }));
    const pressSnippet = within(press).getByRole('region', { name: 'Page snippet: H5Live player' });
    expect(pressSnippet).toHaveTextContent("authorization: 'Bearer ' + viewerIdentity");
    expect(pressSnippet).toHaveTextContent('streamname: "DmoEv-Stage2"');
    expect(within(press).queryByRole('region', { name: /iframe/ })).not.toBeInTheDocument();
  });

  it(
    'should create a policy, checking the contract’s rules in the form',
    { timeout: 40_000 },
    async () => {
      const sent = servePolicies();
      const { user } = renderPolicies();
      await cardOf('Press room');
      await user.click(screen.getByRole('button', { name: 'New policy' }));
      const dialog = await screen.findByRole('dialog', { name: 'New playback policy' });
      expect(within(dialog).getByRole('textbox', { name: 'Name' })).toHaveFocus();
      // An allowed site is an origin: https unless written otherwise, a port if not the default.
      expect(
        within(dialog).getByText(/^The exact origins of .* https unless you write http:\/\//),
      ).toBeInTheDocument();

      await user.click(within(dialog).getByRole('button', { name: 'Create policy' }));
      expect(await within(dialog).findByText('Name: enter a name.')).toBeInTheDocument();
      expect(within(dialog).getByText(/^Allowed sites: add each site/)).toBeInTheDocument();
      expect(sent).toEqual([]);

      // Paste rather than type: the dialog is large and CI machines are slow.
      const paste = async (field: HTMLElement, text: string) => {
        await user.click(field);
        await user.paste(text);
      };
      await paste(within(dialog).getByRole('textbox', { name: 'Name' }), 'Derby on tv');
      await paste(within(dialog).getByRole('combobox', { name: 'Stream group ID' }), 'grp-derby');
      const lifetime = within(dialog).getByRole('spinbutton', { name: 'Token lifetime (minutes)' });
      await user.clear(lifetime);
      await paste(lifetime, '4');
      await user.tab();
      expect(
        await within(dialog).findByText('Token lifetime: at least 5 minutes.'),
      ).toBeInTheDocument();
      await user.clear(lifetime);
      await paste(lifetime, '90');
      expect(await within(dialog).findByText(/^= 1 hour 30 minutes\./)).toBeInTheDocument();

      const sites = within(dialog).getByRole('combobox', { name: 'Allowed sites' });
      await paste(sites, '*.example.com');
      await user.keyboard('{Enter}');
      expect(
        within(dialog).getByText(/^Allowed sites: Wildcards are not supported/),
      ).toBeInTheDocument();
      await user.clear(sites);
      await paste(sites, 'TV.Example.org/live');
      await user.keyboard('{Enter}');
      expect(
        within(dialog).getByRole('button', { name: 'https://tv.example.org' }),
      ).toBeInTheDocument();
      await paste(sites, 'http://localhost:8080/');
      await user.keyboard('{Enter}');
      expect(
        within(dialog).getByRole('button', { name: 'http://localhost:8080' }),
      ).toBeInTheDocument();

      await user.click(within(dialog).getByRole('switch', { name: /^Serve IPv6 viewers/ }));
      await user.click(
        within(dialog).getByRole('radio', {
          name: 'Required, signed with a shared secret (HS256)',
        }),
      );
      await user.click(within(dialog).getByRole('button', { name: 'Generate secret' }));
      const secret = (within(dialog).getByLabelText(/^Shared secret/) as HTMLInputElement).value;
      expect(secret).toMatch(/^[\w-]{43}$/);

      await user.click(within(dialog).getByRole('button', { name: 'Create policy' }));
      await waitFor(() => expect(sent).toHaveLength(1));
      expect(sent[0]!.body).toEqual({
        name: 'Derby on tv',
        target: { type: 'group', groupId: 'grp-derby' },
        lifetimeMinutes: 90,
        bindIp: true,
        allowIpv6WithoutBinding: true,
        allowedOrigins: ['https://tv.example.org', 'http://localhost:8080'],
        revocable: true,
        forceDisconnect: false,
        identity: { mode: 'secret', secret },
        enabled: true,
      });
      expect(await screen.findByText('Policy “Derby on tv” created.')).toBeInTheDocument();
      await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
      expect(await cardOf('Derby on tv')).toBeInTheDocument();
    },
  );

  it('should keep what was typed on Escape or a click beside the dialog; Cancel closes', async () => {
    servePolicies();
    const { user } = renderPolicies();
    await cardOf('Press room');
    await user.click(screen.getByRole('button', { name: 'New policy' }));
    let dialog = await screen.findByRole('dialog', { name: 'New playback policy' });
    // Nothing typed yet: Escape closes.
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    await user.click(screen.getByRole('button', { name: 'New policy' }));
    dialog = await screen.findByRole('dialog', { name: 'New playback policy' });
    await user.click(within(dialog).getByRole('textbox', { name: 'Name' }));
    await user.paste('Cup final');
    await user.keyboard('{Escape}');
    await user.click(document.querySelector('.MuiDialog-container') as HTMLElement);
    expect(screen.getByRole('dialog', { name: 'New playback policy' })).toBeVisible();
    expect(within(dialog).getByRole('textbox', { name: 'Name' })).toHaveValue('Cup final');

    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('should edit a policy and keep the stored secret unless a new one is entered', async () => {
    const sent = servePolicies();
    const { user } = renderPolicies();
    await user.click(await screen.findByRole('button', { name: 'Edit Press room' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit “Press room”' });
    expect(within(dialog).getByRole('textbox', { name: 'Name' })).toHaveValue('Press room');
    expect(
      within(dialog).getByRole('button', { name: 'https://press.example.org' }),
    ).toBeInTheDocument();
    const secret = within(dialog).getByLabelText(/^Shared secret/);
    expect(secret).toHaveValue('');
    expect(secret).toHaveAttribute('placeholder', 'A secret is set: leave empty to keep it');
    expect(within(dialog).getByRole('textbox', { name: 'Audience (optional)' })).toHaveValue(
      'press',
    );

    const name = within(dialog).getByRole('textbox', { name: 'Name' });
    await user.clear(name);
    await user.type(name, 'Press room (day 2)');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({
      method: 'PUT',
      path: '/api/policies/pol-press',
      body: {
        name: 'Press room (day 2)',
        target: { type: 'streams', streams: ['DmoEv-Stage2'] },
        identity: { mode: 'secret', audience: 'press' },
        enabled: false,
      },
    });
    expect(await screen.findByText('Policy “Press room (day 2)” saved.')).toBeInTheDocument();
  });

  it('should put a field the server refuses under that field', async () => {
    servePolicies();
    server.use(
      http.post('/api/policies', () =>
        HttpResponse.json(
          {
            code: 'invalid-request',
            message: 'allowedOrigins.0: Allowed sites: nope',
            issues: [{ path: 'allowedOrigins.0', message: 'Allowed sites: the server says no.' }],
          },
          { status: 400 },
        ),
      ),
    );
    const { user } = renderPolicies();
    await cardOf('Press room');
    await user.click(screen.getByRole('button', { name: 'New policy' }));
    const dialog = await screen.findByRole('dialog', { name: 'New playback policy' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Org');
    await user.click(within(dialog).getByRole('radio', { name: 'Entire organisation' }));
    expect(within(dialog).getByText(/Every token of this policy opens/)).toBeInTheDocument();
    await user.type(
      within(dialog).getByRole('combobox', { name: 'Allowed sites' }),
      'a.example.com{Enter}',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Create policy' }));
    expect(
      await within(dialog).findByText('Allowed sites: the server says no.'),
    ).toBeInTheDocument();
  });

  it('should show an override in the organisation’s name as a marker, isolated, in the organisation-wide warning', async () => {
    servePolicies();
    const session = sessionFor('admin');
    const odd = 'abc\u202edef';
    server.use(
      http.get('/api/session', () =>
        HttpResponse.json({ ...session, organisation: { ...session.organisation, name: odd } }),
      ),
    );
    const { user } = renderPolicies();
    await user.click(await screen.findByRole('button', { name: 'New policy' }));
    const dialog = await screen.findByRole('dialog', { name: 'New playback policy' });
    await user.click(within(dialog).getByRole('radio', { name: 'Entire organisation' }));
    const warning = within(dialog).getByText(/Every token of this policy opens/);
    expect(warning).toHaveTextContent(/every stream of abcU\+202Edef, including/);
    expect(warning.textContent).not.toContain('\u202e');
    const markers = warning.querySelectorAll('[data-control-character="U+202E"]');
    expect(markers).toHaveLength(1);
    expect(markers[0]!.closest('bdi')).toHaveTextContent(/^abcU\+202Edef$/);
  });

  it('should show a refusal that names no field in the dialog’s own alert', async () => {
    servePolicies();
    server.use(
      http.post('/api/policies', () =>
        HttpResponse.json(
          { code: 'policy-limit', message: 'This organisation has the most policies it may have.' },
          { status: 409 },
        ),
      ),
    );
    const { user } = renderPolicies();
    await cardOf('Press room');
    await user.click(screen.getByRole('button', { name: 'New policy' }));
    const dialog = await screen.findByRole('dialog', { name: 'New playback policy' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Org');
    await user.click(within(dialog).getByRole('radio', { name: 'Entire organisation' }));
    await user.type(
      within(dialog).getByRole('combobox', { name: 'Allowed sites' }),
      'a.example.com{Enter}',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Create policy' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'This organisation has the most policies it may have.',
    );
    expect(screen.getAllByRole('alert')).toHaveLength(1);
  });

  it('should send a creation whose answer was lost again with the same Idempotency-Key', async () => {
    servePolicies();
    const keys: Array<string | null> = [];
    server.use(
      http.post('/api/policies', async ({ request }) => {
        keys.push(request.headers.get('idempotency-key'));
        // The first answer never arrives (a proxy's timeout, a dropped connection).
        if (keys.length === 1) return HttpResponse.error();
        const body = (await request.json()) as Partial<PlaybackPolicy>;
        return HttpResponse.json(policyFixture({ ...body, id: 'pol-new' }), { status: 201 });
      }),
    );
    const { user } = renderPolicies();
    await cardOf('Press room');
    await user.click(screen.getByRole('button', { name: 'New policy' }));
    const dialog = await screen.findByRole('dialog', { name: 'New playback policy' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Org');
    await user.click(within(dialog).getByRole('radio', { name: 'Entire organisation' }));
    await user.type(
      within(dialog).getByRole('combobox', { name: 'Allowed sites' }),
      'a.example.com{Enter}',
    );
    const create = within(dialog).getByRole('button', { name: 'Create policy' });
    await user.click(create);
    await waitFor(() => expect(keys).toHaveLength(1));
    await waitFor(() => expect(create).toBeEnabled());
    await user.click(create);
    expect(await screen.findByText('Policy “Org” created.')).toBeInTheDocument();
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(keys[1]).toBe(keys[0]);
  });

  it('should disable and enable a policy at once', async () => {
    const sent = servePolicies();
    const { user } = renderPolicies();
    await user.click(
      await screen.findByRole('button', { name: 'Disable Cup final on shop.example.com' }),
    );
    expect(
      await screen.findByText(
        '“Cup final on shop.example.com” is disabled: no viewer gets a new token from it.',
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Enable Cup final on shop.example.com' }),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Enable Press room' }));
    await waitFor(() =>
      expect(sent.map((s) => s.path)).toEqual([
        '/api/policies/pol-cup/disable',
        '/api/policies/pol-press/enable',
      ]),
    );
  });

  it('should name a policy isolated in its messages, with a marker for a direction override', async () => {
    servePolicies([policyFixture({ name: 'abc\u202edef' })]);
    const { user } = renderPolicies();
    await user.click(await screen.findByRole('button', { name: /^Disable \u2068abc/ }));
    const status = await screen.findByRole('status');
    expect(status).toHaveTextContent(
      '“\u2068abc[U+202E]def\u2069” is disabled: no viewer gets a new token from it.',
    );
    expect(status.textContent).not.toContain('\u202e');
  });

  it('should show a policy’s text from elsewhere isolated, each override a marker, in the card and its dialog', async () => {
    const odd = 'abc\u202edef';
    servePolicies([
      policyFixture({
        name: odd,
        allowedOrigins: [`https://${odd}.example`],
        tag: odd,
        identity: {
          mode: 'jwks',
          jwksUrl: `https://${odd}.example/jwks`,
          keys: [{ kid: odd, kty: 'EC', crv: 'P-256', alg: 'ES256' }],
          issuer: odd,
          audience: odd,
        },
        updatedBy: { id: 'staff-x', email: 'x@example.com', displayName: odd },
      }),
    ]);
    const { user } = renderPolicies();
    const list = await screen.findByRole('list', { name: 'Playback policies' });
    const card = within(list).getAllByRole('listitem')[0]!;
    const heading = within(card).getByRole('heading', { level: 2 });
    expect(heading.querySelector('bdi')).toHaveTextContent(/^abcU\+202Edef$/);
    // Name, site, identity, key, tag and who changed it last: none acts, each is isolated.
    const shown = [...card.querySelectorAll('dl, h2')];
    for (const part of shown) expect(part.textContent).not.toContain('\u202e');
    const markers = card.querySelectorAll(
      'dl [data-control-character], h2 [data-control-character]',
    );
    expect(markers).toHaveLength(6);
    for (const marker of markers) expect(marker.closest('bdi')).not.toBeNull();

    await user.click(within(card).getByRole('button', { name: /^Edit/ }));
    const dialog = await screen.findByRole('dialog');
    const title = within(dialog).getByRole('heading', { level: 2 });
    expect(title).toHaveTextContent(/^Edit “abcU\+202Edef”$/);
    expect(title.querySelector('bdi')).toHaveTextContent(/^abcU\+202Edef$/);
    // The boxes cannot show markers: under each, why it reads oddly and that it is refused.
    const note =
      'Holds invisible or direction characters: U+202E. Retype it; it is refused when saved.';
    for (const name of [/^Name/, /^Tag/, /^Issuer/, /^Audience/]) {
      const field = within(dialog).getByRole('textbox', { name });
      expect(field).toHaveValue(odd);
      expect(field).toHaveAccessibleDescription(note);
    }
    // Retyped, the note goes and the usual hint is back.
    const name = within(dialog).getByRole('textbox', { name: /^Name/ });
    await user.clear(name);
    await user.type(name, 'Cup final');
    expect(name).toHaveAccessibleDescription('For staff, e.g. “Cup final on shop.example.com”.');
  });

  it('should let a viewer read policies and snippets but change nothing', async () => {
    servePolicies();
    server.use(http.get('/api/session', () => HttpResponse.json(sessionFor('viewer'))));
    renderPolicies();
    const cup = await cardOf('Cup final on shop.example.com');
    expect(screen.queryByRole('button', { name: 'New policy' })).not.toBeInTheDocument();
    expect(within(cup).queryByRole('button', { name: /^Edit/ })).not.toBeInTheDocument();
    expect(within(cup).queryByRole('button', { name: /^Disable/ })).not.toBeInTheDocument();
    expect(
      within(cup).getByRole('button', { name: /Snippet for your web page/ }),
    ).toBeInTheDocument();
  });

  it('should say what to do when there is no policy yet', async () => {
    servePolicies([]);
    renderPolicies();
    expect(await screen.findByText('No playback policies yet')).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'New policy' })).toHaveLength(2);
  });
});
