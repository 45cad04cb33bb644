import { searchKey } from '@ptd/contracts';

/**
 * The text typed in a stream search box, as its search key (`searchKey`), while the server has not answered for it
 * yet (debounce, request in flight); undefined once its answer is on screen or the box is
 * empty. Until then a picker narrows its previous results to this text, so that a quick
 * ArrowDown + Enter never picks an option that does not match what is in the box.
 */
export function pendingSearchText(text: string, search: string, loading: boolean) {
  const typed = searchKey(text.trim());
  return !typed || (typed === searchKey(search) && !loading) ? undefined : typed;
}
