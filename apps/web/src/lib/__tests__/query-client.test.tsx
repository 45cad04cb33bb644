import { screen, waitFor } from '@testing-library/react';
import { onlineManager, useMutation, useQuery } from '@tanstack/react-query';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sessionFor } from '@/testing/fixtures.ts';
import { renderWithProviders } from '@/testing/render.tsx';
import { server } from '@/testing/server.ts';
import { api } from '../api-client.ts';
import { sessionQueryOptions } from '../auth/session.ts';
import type { RequestMeta } from '../query-client.ts';

const refused = (status: number, message: string) =>
  http.get('/api/thing', () => HttpResponse.json({ code: 'refused', message }, { status }));

function Reader({ meta }: { meta?: RequestMeta }) {
  const thing = useQuery({
    queryKey: ['thing'],
    queryFn: () => api('/thing', { schema: z.unknown() }),
    meta,
  });
  return <p>{thing.isError ? 'failed' : 'reading'}</p>;
}

function Writer({ meta }: { meta?: RequestMeta }) {
  const write = useMutation({
    mutationFn: () => api('/thing', { method: 'POST', schema: z.unknown() }),
    meta,
  });
  return (
    <button type="button" onClick={() => write.mutate()}>
      {write.isError ? 'failed' : 'write'}
    </button>
  );
}

describe('the query client’s one path for failed requests', () => {
  it('should show the server’s message in the snackbar for a query no component handles', async () => {
    server.use(refused(503, 'nanoStream Cloud is not answering.'));
    renderWithProviders(<Reader />);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'nanoStream Cloud is not answering.',
    );
  });

  it('should stay quiet for a query whose component shows the error itself', async () => {
    server.use(refused(503, 'nanoStream Cloud is not answering.'));
    renderWithProviders(<Reader meta={{ showsOwnError: true }} />);
    expect(await screen.findByText('failed')).toBeVisible();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('should leave to the snackbar only the failures a component does not name', async () => {
    server.use(refused(404, 'No such thing.'));
    const onlyConflicts = (error: unknown) => (error as Error).message === 'Conflict.';
    renderWithProviders(<Reader meta={{ showsOwnError: onlyConflicts }} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('No such thing.');
  });

  it('should show a failed mutation once, and not when its form shows it', async () => {
    server.use(
      http.post('/api/thing', () =>
        HttpResponse.json({ code: 'refused', message: 'Not today.' }, { status: 409 }),
      ),
    );
    const { user, unmount } = renderWithProviders(<Writer />);
    await user.click(screen.getByRole('button', { name: 'write' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Not today.');
    unmount();

    const quiet = renderWithProviders(<Writer meta={{ showsOwnError: true }} />);
    await quiet.user.click(screen.getByRole('button', { name: 'write' }));
    expect(await screen.findByRole('button', { name: 'failed' })).toBeVisible();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('should say at once that the server cannot be reached when the browser is offline, not wait', async () => {
    server.use(http.post('/api/thing', () => HttpResponse.error()));
    onlineManager.setOnline(false);
    try {
      const { user } = renderWithProviders(<Writer />);
      await user.click(screen.getByRole('button', { name: 'write' }));
      expect(await screen.findByRole('alert')).toHaveTextContent(
        'The dashboard server cannot be reached. Check your connection and try again.',
      );
      expect(screen.getByRole('button', { name: 'failed' })).toBeVisible();
    } finally {
      onlineManager.setOnline(true);
    }
  });

  it('should forget the session when a request answers 401, without a snackbar', async () => {
    server.use(refused(401, 'Sign in again.'));
    const { client } = renderWithProviders(<Reader />);
    client.setQueryData(sessionQueryOptions().queryKey, sessionFor('editor'));
    await waitFor(() => expect(client.getQueryData(sessionQueryOptions().queryKey)).toBeNull());
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
