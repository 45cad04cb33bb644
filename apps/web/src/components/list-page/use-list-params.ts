import { useCallback, useMemo } from 'react';
import type { z } from 'zod';
import { useSearchParams } from '@/lib/navigation.tsx';

type AnyObject = z.ZodObject;

export interface ListParamsOptions<S extends AnyObject, F extends AnyObject, Side extends string> {
  /** The list's query as the URL holds it: filters, sort, page size and where the page is. */
  schema: S;
  /** The page's filters (a part of `schema`): what "Clear filters" clears. */
  filters: F;
  /** Where the list is: a page number or a cursor, dropped whenever anything else changes. */
  position: keyof z.output<S> & string;
  /**
   * Parameters beside the list (an open record) that leave the page where it is. Pass the
   * options as a module constant: the returned `update` keeps its identity while they do.
   */
  side?: readonly Side[];
}

export type ListParamChanges<S extends AnyObject, Side extends string = never> = Partial<
  Record<(keyof z.output<S> & string) | Side, string | number | undefined>
>;

/**
 * Reads the list's query from the URL; a value the schema refuses falls back to its default,
 * and its key is listed in `refused` (an empty value is no value, not a refused one).
 */
export function parseListParams<S extends AnyObject>(
  schema: S,
  params: URLSearchParams,
): { query: z.output<S>; refused: string[] } {
  const refused: string[] = [];
  const entries = Object.entries(schema.shape as Record<string, z.ZodType>).map(([key, field]) => {
    const raw = params.get(key);
    const parsed = field.safeParse(raw ?? undefined);
    if (parsed.success) return [key, parsed.data];
    if (raw !== null && raw !== '') refused.push(key);
    const fallback = field.safeParse(undefined);
    return [key, fallback.success ? fallback.data : undefined];
  });
  return { query: Object.fromEntries(entries) as z.output<S>, refused };
}

/**
 * The URL after `changes`: empty values leave it, and a change to anything but the position or a
 * side parameter (a filter, the sort, the page size) starts the list again at its first page.
 */
export function nextListParams(
  current: URLSearchParams,
  changes: Record<string, string | number | undefined>,
  position: string,
  side: readonly string[] = [],
): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === '') next.delete(key);
    else next.set(key, String(value));
  }
  const reshapes = Object.keys(changes).some((key) => key !== position && !side.includes(key));
  if (reshapes && !(position in changes)) next.delete(position);
  return next;
}

const NO_SIDE: readonly never[] = [];

/**
 * A list page's filters, sort and page in the URL search params (they hold no secrets), so a
 * view can be bookmarked, shared and reloaded; each change is a history entry, so Back restores
 * the previous one.
 */
export function useListParams<
  S extends AnyObject,
  F extends AnyObject,
  Side extends string = never,
>({ schema, filters, position, side = NO_SIDE }: ListParamsOptions<S, F, Side>) {
  const [params, setParams] = useSearchParams();
  const { query, refused } = useMemo(() => parseListParams(schema, params), [schema, params]);
  const filterKeys = useMemo(() => Object.keys(filters.shape), [filters]);
  const update = useCallback(
    (changes: ListParamChanges<S, Side>) =>
      setParams((current) => nextListParams(current, changes, position, side)),
    [setParams, position, side],
  );

  const clearFilters = useCallback(
    () => update(Object.fromEntries(filterKeys.map((key) => [key, undefined])) as never),
    [update, filterKeys],
  );

  const values = query as Record<string, unknown>;
  const activeFilters = filterKeys.filter((key) => values[key] !== undefined).length;
  // Filters the address names but the schema refuses (too long, not a value it knows): they
  // fall back to their default, so the list is wider than the address says. The page must say
  // so.
  const refusedFilters = useMemo(
    () => refused.filter((key) => filterKeys.includes(key)),
    [refused, filterKeys],
  );
  const sideValues = Object.fromEntries(side.map((key) => [key, params.get(key)])) as Record<
    Side,
    string | null
  >;

  return {
    query,
    update,
    clearFilters,
    hasFilters: activeFilters > 0,
    activeFilters,
    refusedFilters,
    side: sideValues,
  };
}
