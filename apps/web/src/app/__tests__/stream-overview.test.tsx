import { screen, waitFor, within } from '@testing-library/react';
import { buildGroupSnippet, buildPlayoutUrl, type Stream } from '@ptd/contracts';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { organisation, sessionFor, streamFixture } from '@/testing/fixtures.ts';
import { renderApp } from '@/testing/render-app.tsx';
import { server } from '@/testing/server.ts';
import { createTokenHandler, type CreateTokenCall } from '@/testing/token-create-fixtures.ts';

const player = sessionFor('admin').player;
const playoutUrl = () => screen.getByRole('region', { name: 'Web playout URL' });
const snippet = () => screen.getByRole('region', { name: 'Player snippet (group config)' });

async function createTokenInDialog(user: ReturnType<typeof renderApp>['user']) {
  // The page header's button (the Playouts section has one too).
  await user.click(screen.getAllByRole('button', { name: 'Create secure playback token' })[0]!);
  const form = await screen.findByRole('dialog', {
    name: 'Create a secure playback token for DmoEv-Stage1',
  });
  // The stream is preselected.
  expect(await within(form).findByRole('button', { name: 'DmoEv-Stage1' })).toBeInTheDocument();
  await user.click(within(form).getByRole('button', { name: 'Create secure playback token' }));
  const shown = await screen.findByRole('dialog', { name: 'Secure playback token created' });
  const token = within(shown).getByRole('region', { name: 'Token' }).textContent ?? '';
  await user.click(within(shown).getByRole('checkbox', { name: 'I have copied the token' }));
  await user.click(within(shown).getByRole('button', { name: 'Close' }));
  await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  return token;
}

describe('Stream overview', () => {
  it('should wrap renditions whole, never at a hyphen inside a name, the full name in a title', async () => {
    renderApp('/streams/id-DmoEv-Cncrt');
    const renditions = await screen.findByRole('list', { name: 'Renditions' });
    const [rendition] = within(renditions).getAllByRole('listitem');
    for (const [text, title] of [
      ['DmoEv-Cn480', 'DmoEv-Cn480'],
      ['(vtrans2-852x480x800x25)', 'vtrans2-852x480x800x25'],
    ] as const) {
      const part = within(rendition!).getByTitle(title);
      expect(part).toHaveTextContent(text);
      expect(getComputedStyle(part)).toMatchObject({
        whiteSpace: 'nowrap',
        textOverflow: 'ellipsis',
      });
    }
  });

  it('should show a stream name and tag with a direction override isolated, the override a marker', async () => {
    const odd = 'abc\u202edef';
    server.use(
      http.get('/api/streams/:id', () =>
        HttpResponse.json(streamFixture({ id: 'st-odd', name: odd, tags: [odd] })),
      ),
    );
    const { user } = renderApp('/streams/st-odd');
    const heading = await screen.findByRole('heading', { level: 1 });
    expect(heading.querySelector('bdi')).toHaveTextContent(/^abcU\+202Edef$/);
    const breadcrumb = screen.getByRole('navigation', { name: 'Breadcrumb' });
    // The breadcrumb, the heading and the tag: none acts, each is isolated.
    for (const part of [heading, breadcrumb, heading.parentElement!.parentElement!]) {
      expect(part.textContent).not.toContain('\u202e');
    }
    expect(document.querySelectorAll('main [data-control-character="U+202E"]').length).toBe(3);

    await user.click(screen.getAllByRole('button', { name: 'Create secure playback token' })[0]!);
    const dialog = await screen.findByRole('dialog', {
      name: /^Create a secure playback token for/,
    });
    const title = within(dialog).getByRole('heading', { level: 2 });
    expect(title.querySelector('bdi')).toHaveTextContent(/^abcU\+202Edef$/);
  });

  it('should name the stream in the document title, so that its tab and history entry say which', async () => {
    const { user } = renderApp('/streams/id-DmoEv-Stage1');
    expect(await screen.findByRole('heading', { level: 1, name: 'DmoEv-Stage1' })).toBeVisible();
    await waitFor(() => expect(document.title).toBe('DmoEv-Stage1 · Streams · nanoStream Cloud'));

    await user.click(screen.getByRole('link', { name: 'Streams' }));
    await waitFor(() => expect(document.title).toBe('Streams · nanoStream Cloud'));
    // Back to a stream whose data is known already.
    window.history.back();
    expect(await screen.findByRole('heading', { level: 1, name: 'DmoEv-Stage1' })).toBeVisible();
    await waitFor(() => expect(document.title).toBe('DmoEv-Stage1 · Streams · nanoStream Cloud'));
  });

  it('should say in the document title that a stream was not found', async () => {
    renderApp('/streams/nope');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Stream not found' }),
    ).toBeVisible();
    await waitFor(() => expect(document.title).toBe('Stream not found · nanoStream Cloud'));
  });

  it('should show the ingest data and the playouts with copy buttons', async () => {
    const { user } = renderApp('/streams/id-DmoEv-Stage1');
    expect(await screen.findByRole('heading', { level: 1, name: 'DmoEv-Stage1' })).toBeVisible();
    const writeText = vi.spyOn(navigator.clipboard, 'writeText');

    await user.click(screen.getByRole('button', { name: 'Copy RTMP URL' }));
    expect(writeText).toHaveBeenLastCalledWith('rtmp://127.0.0.1:1935/live');
    await user.click(screen.getByRole('button', { name: 'Copy stream name' }));
    expect(writeText).toHaveBeenLastCalledWith('DmoEv-Stage1');
    // "ID", as every other label writes it (user ID, record ID, stream group ID).
    expect(screen.getByText('Stream ID')).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Copy stream ID' }));
    expect(writeText).toHaveBeenLastCalledWith('id-DmoEv-Stage1');

    const url = buildPlayoutUrl({ groupId: 'id-DmoEv-Stage1' }, player);
    expect(playoutUrl()).toHaveTextContent(url);
    await user.click(screen.getByRole('button', { name: 'Copy web playout URL' }));
    expect(writeText).toHaveBeenLastCalledWith(url);
    await user.click(screen.getByRole('button', { name: 'Copy player snippet (group config)' }));
    expect(writeText).toHaveBeenLastCalledWith(
      buildGroupSnippet({ groupId: 'id-DmoEv-Stage1' }, player),
    );
    expect(screen.getByText(/the stream plays only with a playback token/)).toBeInTheDocument();
  });

  it('should apply a token created here to the playout URL and snippet until the page is left', async () => {
    const calls: CreateTokenCall[] = [];
    server.use(createTokenHandler(calls));
    const { user } = renderApp('/streams/id-DmoEv-Stage1');
    await screen.findByRole('heading', { level: 1, name: 'DmoEv-Stage1' });

    const token = await createTokenInDialog(user);
    expect(calls[0]!.body.target).toEqual({ type: 'streams', streams: ['DmoEv-Stage1'] });
    const source = { groupId: 'id-DmoEv-Stage1', token };
    expect(playoutUrl()).toHaveTextContent(buildPlayoutUrl(source, player));
    expect(snippet().textContent).toBe(buildGroupSnippet(source, player));
    const applied = screen.getByText(/secure playback token you just created is applied below/);
    // Its end names its zone: the same moment in UTC beside the local time.
    expect(applied).toHaveTextContent(/valid until .+ \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, in /);
    expect(screen.getByRole('heading', { name: 'Playouts' })).toHaveFocus();
    expect(window.location.href + JSON.stringify(window.history.state)).not.toContain(token);

    // Leaving the page drops it.
    await user.click(screen.getByRole('link', { name: 'Streams' }));
    await screen.findByRole('table', { name: 'Streams' });
    await user.click(screen.getByRole('link', { name: 'DmoEv-Stage1' }));
    await screen.findByRole('heading', { level: 1, name: 'DmoEv-Stage1' });
    expect(playoutUrl()).not.toHaveTextContent('jwtoken');
    expect(document.body.innerHTML).not.toContain(token);
  });

  it('should remove the applied token on request', async () => {
    server.use(createTokenHandler());
    const { user } = renderApp('/streams/id-DmoEv-Stage1');
    await screen.findByRole('heading', { level: 1, name: 'DmoEv-Stage1' });
    await createTokenInDialog(user);
    await user.click(screen.getByRole('button', { name: 'Remove token' }));
    expect(playoutUrl()).not.toHaveTextContent('jwtoken');
  });

  it('should not offer token creation to a viewer', async () => {
    server.use(http.get('/api/session', () => HttpResponse.json(sessionFor('viewer'))));
    renderApp('/streams/id-DmoEv-Stage1');
    await screen.findByRole('heading', { level: 1, name: 'DmoEv-Stage1' });
    expect(
      screen.queryByRole('button', { name: 'Create secure playback token' }),
    ).not.toBeInTheDocument();
  });

  it('should say "Upgrade needed" instead of offering a form when the organisation lacks the package', async () => {
    server.use(
      http.get('/api/session', () =>
        HttpResponse.json(
          sessionFor('editor', {
            organisation: { ...organisation, securePackage: false },
          }),
        ),
      ),
    );
    renderApp('/streams/id-DmoEv-Stage1');
    await screen.findByRole('heading', { level: 1, name: 'DmoEv-Stage1' });
    expect(screen.queryByRole('button', { name: 'Create secure playback token' })).toBeNull();
    expect(screen.getAllByRole('note', { name: 'Upgrade needed' }).length).toBeGreaterThan(0);
  });

  it('should say when the stream does not exist', async () => {
    const { user } = renderApp('/streams/nope');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Stream not found' }),
    ).toBeVisible();
    await user.click(screen.getByRole('link', { name: 'Go to streams' }));
    await waitFor(() => expect(window.location.pathname).toBe('/streams'));
  });

  it('should say the same for an address whose stream id is malformed (the BFF answers 400)', async () => {
    server.use(
      http.get('/api/streams/:id', () =>
        HttpResponse.json(
          { code: 'invalid-request', message: 'id: A stream id is a UUID such as …' },
          { status: 400 },
        ),
      ),
    );
    renderApp('/streams/not-a-stream-id');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Stream not found' }),
    ).toBeVisible();
    expect(screen.queryByText(/A stream id is a UUID/)).not.toBeInTheDocument();
  });
});

describe('Create stream', () => {
  it('should create the stream and open the token dialog for it when asked to secure it', async () => {
    const created: Stream = streamFixture({ name: 'DmoEv-New01', tags: ['sports'], abr: true });
    const posts: Array<{ body: unknown; key: string | null }> = [];
    server.use(
      http.post('/api/streams', async ({ request }) => {
        posts.push({ body: await request.json(), key: request.headers.get('idempotency-key') });
        return HttpResponse.json(created, { status: 201 });
      }),
      http.get('/api/streams/id-DmoEv-New01', () => HttpResponse.json(created)),
    );
    const { user } = renderApp('/streams');
    await user.click(await screen.findByRole('button', { name: 'Create stream' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create stream' });
    await user.type(
      within(dialog).getByRole('combobox', { name: 'Tags (optional)' }),
      'sports{Enter}',
    );
    await user.click(within(dialog).getByRole('switch', { name: 'Adaptive bitrate (ABR)' }));
    await user.click(
      within(dialog).getByRole('checkbox', { name: 'Secure with a playback token right away' }),
    );
    await user.click(within(dialog).getByRole('button', { name: 'Create stream' }));

    await waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]!.body).toEqual({ tags: ['sports'], abr: true });
    expect(posts[0]!.key).toMatch(/^[0-9a-f-]{36}$/);
    const tokenDialog = await screen.findByRole('dialog', {
      name: 'Create a secure playback token for DmoEv-New01',
    });
    expect(
      await within(tokenDialog).findByRole('button', { name: 'DmoEv-New01' }),
    ).toBeInTheDocument();
    expect(window.location.pathname).toBe('/streams/id-DmoEv-New01');
    expect(window.history.state).toBeNull();
  });
});
