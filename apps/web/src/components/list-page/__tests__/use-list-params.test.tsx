import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { renderWithProviders } from '@/testing/render.tsx';
import { useListParams } from '../use-list-params.ts';

const schema = z.strictObject({
  cursor: z.string().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  status: z.enum(['active', 'revoked']).optional(),
  tag: z.string().trim().min(1).optional(),
  sort: z.enum(['createdAt', 'expiresAt']).default('createdAt'),
});
const filters = schema.pick({ status: true, tag: true });
const OPTIONS = { schema, filters, position: 'cursor', side: ['record'] } as const;

let list: ReturnType<typeof useListParams<typeof schema, typeof filters, 'record'>>;

/** Shows what the hook read, and keeps its result for the test to drive. */
function Probe() {
  list = useListParams(OPTIONS);
  return (
    <output aria-label="query">
      {JSON.stringify({ ...list.query, active: list.activeFilters, record: list.side.record })}
    </output>
  );
}

const shown = () => JSON.parse(screen.getByRole('status', { name: 'query' }).textContent ?? '');
const search = () => Object.fromEntries(new URLSearchParams(window.location.search));
const renderAt = (route: string) => renderWithProviders(<Probe />, { route, path: '/list' });

describe('useListParams', () => {
  it('should read the query from the URL, with defaults for what is missing or refused', () => {
    renderAt('/list?status=bogus&tag=vip&pageSize=500&cursor=c2&record=r1');
    expect(shown()).toEqual({
      cursor: 'c2',
      pageSize: 25,
      tag: 'vip',
      sort: 'createdAt',
      active: 1,
      record: 'r1',
    });
  });

  it('should put a filter in the URL and start again at the first page', () => {
    renderAt('/list?cursor=c2&pageSize=50');
    act(() => list.update({ status: 'revoked' }));
    expect(search()).toEqual({ status: 'revoked', pageSize: '50' });
    expect(shown()).toMatchObject({ status: 'revoked', active: 1 });
    expect(shown().cursor).toBeUndefined();
  });

  it('should start again at the first page when the sort or the page size changes', () => {
    renderAt('/list?cursor=c2&tag=vip');
    act(() => list.update({ sort: 'expiresAt' }));
    expect(search()).toEqual({ tag: 'vip', sort: 'expiresAt' });

    act(() => list.update({ cursor: 'c3' }));
    act(() => list.update({ pageSize: 10 }));
    expect(search()).toEqual({ tag: 'vip', sort: 'expiresAt', pageSize: '10' });
  });

  it('should keep the filters when the page changes, and the page when a record opens', () => {
    renderAt('/list?tag=vip');
    act(() => list.update({ cursor: 'c2' }));
    expect(search()).toEqual({ tag: 'vip', cursor: 'c2' });
    act(() => list.update({ record: 'r1' }));
    expect(search()).toEqual({ tag: 'vip', cursor: 'c2', record: 'r1' });
    act(() => list.update({ record: undefined }));
    expect(search()).toEqual({ tag: 'vip', cursor: 'c2' });
  });

  it('should clear the filters only, keeping the sort and the open record', () => {
    renderAt('/list?status=active&tag=vip&sort=expiresAt&cursor=c2&record=r1');
    expect(shown().active).toBe(2);
    act(() => list.clearFilters());
    expect(search()).toEqual({ sort: 'expiresAt', record: 'r1' });
    expect(list.hasFilters).toBe(false);
  });

  it('should drop an empty value from the URL', () => {
    renderAt('/list?tag=vip');
    act(() => list.update({ tag: '' }));
    expect(window.location.search).toBe('');
  });

  it('should restore the previous filter and page on Back, and the newer one on Forward', async () => {
    renderAt('/list?tag=vip&cursor=c2');
    act(() => list.update({ status: 'revoked' }));
    expect(shown()).toMatchObject({ status: 'revoked', tag: 'vip' });

    await act(async () => {
      window.history.back();
      await new Promise((resolve) => window.addEventListener('popstate', resolve, { once: true }));
    });
    expect(shown()).toMatchObject({ tag: 'vip', cursor: 'c2' });
    expect(shown().status).toBeUndefined();

    await act(async () => {
      window.history.forward();
      await new Promise((resolve) => window.addEventListener('popstate', resolve, { once: true }));
    });
    expect(shown()).toMatchObject({ status: 'revoked', tag: 'vip' });
    expect(shown().cursor).toBeUndefined();
  });
});
