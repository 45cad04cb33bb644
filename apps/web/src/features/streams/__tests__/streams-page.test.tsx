import { act, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { sampleStreams, sessionFor, streamFixture } from '@/testing/fixtures.ts';
import { streamHandlers } from '@/testing/handlers.ts';
import { renderWithProviders } from '@/testing/render.tsx';
import { server } from '@/testing/server.ts';
import { StreamsPage } from '../components/streams-page.tsx';

function serve(streams = sampleStreams()) {
  const requests: URL[] = [];
  server.use(...streamHandlers(streams, requests));
  return requests;
}

const last = (requests: URL[]) => requests[requests.length - 1]!;
const renderPage = (route = '/streams') =>
  renderWithProviders(<StreamsPage />, { route, path: '/streams' });

describe('StreamsPage', () => {
  it('should list streams with state, type and tags, each linking to its overview', async () => {
    serve();
    renderPage();
    const table = await screen.findByRole('table', { name: 'Streams' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(6);
    const first = within(rows[1]!);
    expect(first.getByRole('link', { name: 'DmoEv-Stage1' })).toHaveAttribute(
      'href',
      '/streams/id-DmoEv-Stage1',
    );
    expect(first.getByText('Live')).toBeInTheDocument();
    expect(first.getByText('premium')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('ABR group')).toBeInTheDocument();
    expect(within(rows[3]!).getByText('Rendition')).toBeInTheDocument();
  });

  it('should filter by state on the server and keep the filter in the URL', async () => {
    const requests = serve();
    const { user } = renderPage('/streams?page=2');
    await screen.findByRole('table', { name: 'Streams' });
    await user.click(screen.getByRole('combobox', { name: 'State' }));
    await user.click(screen.getByRole('option', { name: 'Ended' }));

    await waitFor(() => expect(last(requests).searchParams.get('state')).toBe('ended'));
    expect(last(requests).searchParams.get('page')).toBe('1');
    expect(new URLSearchParams(window.location.search).get('state')).toBe('ended');
    expect(await screen.findByRole('link', { name: 'DmoEv-JazzN' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'DmoEv-Stage1' })).not.toBeInTheDocument();
  });

  it('should restore the previous filter on Back, and the new one on Forward', async () => {
    serve();
    const { user } = renderPage();
    await screen.findByRole('table', { name: 'Streams' });
    await user.click(screen.getByRole('combobox', { name: 'State' }));
    await user.click(screen.getByRole('option', { name: 'Ended' }));
    await waitFor(() =>
      expect(screen.queryByRole('link', { name: 'DmoEv-Stage1' })).not.toBeInTheDocument(),
    );

    act(() => window.history.back());
    expect(await screen.findByRole('link', { name: 'DmoEv-Stage1' })).toBeInTheDocument();
    expect(window.location.search).toBe('');
    expect(screen.getByRole('combobox', { name: 'State' })).toHaveTextContent('All states');

    act(() => window.history.forward());
    await waitFor(() =>
      expect(screen.getByRole('combobox', { name: 'State' })).toHaveTextContent('Ended'),
    );
    expect(screen.queryByRole('link', { name: 'DmoEv-Stage1' })).not.toBeInTheDocument();
  });

  it('should filter by tag after the user stops typing', async () => {
    const requests = serve();
    const { user } = renderPage();
    await screen.findByRole('table', { name: 'Streams' });
    await user.type(screen.getByRole('textbox', { name: 'Tag' }), 'premium');
    await waitFor(() => expect(last(requests).searchParams.get('tag')).toBe('premium'));
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(2));
  });

  it('should search by name with one request per pause, not per keystroke', async () => {
    const requests = serve();
    const { user } = renderPage();
    await screen.findByRole('table', { name: 'Streams' });
    await user.type(screen.getByRole('searchbox', { name: 'Search by name' }), 'Cn480');

    await waitFor(() => expect(last(requests).searchParams.get('search')).toBe('Cn480'));
    const searches = requests.map((url) => url.searchParams.get('search')).filter(Boolean);
    expect(searches).toEqual(['Cn480']);
    expect(await screen.findByRole('link', { name: 'DmoEv-Cn480' })).toBeInTheDocument();
  });

  it('should keep a pasted search and tag within what the server takes, so they still filter', async () => {
    const requests = serve();
    const { user } = renderPage();
    await screen.findByRole('table', { name: 'Streams' });
    await user.click(screen.getByRole('searchbox', { name: 'Search by name' }));
    await user.paste('Cn480'.repeat(1000));
    await user.click(screen.getByRole('textbox', { name: 'Tag' }));
    await user.paste('premium'.repeat(20));

    await waitFor(() => {
      expect(last(requests).searchParams.get('search')).toBe('Cn480'.repeat(1000).slice(0, 128));
      expect(last(requests).searchParams.get('tag')).toBe('premium'.repeat(20).slice(0, 64));
    });
    expect(screen.getAllByRole('button', { name: 'Clear filters' })[0]).toBeEnabled();
  });

  it('should page on the server', async () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      streamFixture({ name: `DmoEv-S${String(i + 1).padStart(4, '0')}` }),
    );
    const requests = serve(many);
    const { user } = renderPage();
    await screen.findByRole('link', { name: 'DmoEv-S0001' });
    expect(screen.getByText('1–25 of 30')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Go to next page' }));
    await waitFor(() => expect(last(requests).searchParams.get('page')).toBe('2'));
    expect(await screen.findByRole('link', { name: 'DmoEv-S0026' })).toBeInTheDocument();
    expect(screen.getByText('26–30 of 30')).toBeInTheDocument();
  });

  it('should say when nothing matches and clear the filters', async () => {
    serve();
    const { user } = renderPage('/streams?search=nothing-like-this');
    expect(await screen.findByText('No streams match these filters')).toBeInTheDocument();
    await user.click(screen.getAllByRole('button', { name: 'Clear filters' })[1]!);
    expect(await screen.findByRole('table', { name: 'Streams' })).toBeInTheDocument();
  });

  it('should not offer "Create stream" to a viewer', async () => {
    serve();
    server.use(http.get('/api/session', () => HttpResponse.json(sessionFor('viewer'))));
    renderPage();
    await screen.findByRole('table', { name: 'Streams' });
    expect(screen.queryByRole('button', { name: 'Create stream' })).not.toBeInTheDocument();
  });
});
