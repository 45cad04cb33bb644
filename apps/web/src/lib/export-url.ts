/**
 * The address of a CSV export: a plain GET the browser downloads itself (the session cookie
 * goes with it, no CSRF token is needed to read), so the file never passes through JS memory.
 */
export function exportUrl(path: string, query: Record<string, string | number | undefined>) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `/api${path}${search ? `?${search}` : ''}`;
}
