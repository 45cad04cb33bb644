/**
 * Whether `error` says a module's code could not be fetched: offline, the server stopped, or a
 * new deployment removed the chunk this tab still points at (`whyNotLoaded` tells which).
 */
export const isNotLoaded = (error: unknown) =>
  error instanceof TypeError &&
  /dynamically imported module|Importing a module/i.test(error.message);

/** How often the server is asked again while it cannot be reached. */
export const PROBE_MS = 3_000;

/**
 * Why a page's code could not be fetched: the browser is offline; the dashboard server does not
 * answer (stopped, restarting: no connection, or a reverse proxy's 502/503/504); a new version
 * was deployed (the file is gone, or the dashboard's index names other files than this tab's);
 * or none of these (the server answers with the same version: loading it again should do).
 */
export type NotLoadedCause = 'offline' | 'unreachable' | 'updated' | 'passing';

/** Answered by whatever stands in front of the dashboard server when it is not there. */
const GATEWAY_FAILURES = new Set([502, 503, 504]);

/** The file named by the browser's message (Chromium and Firefox name it; Safari does not). */
const fileOf = (error: unknown) =>
  error instanceof Error ? /https?:\/\/\S+\.m?js\b/.exec(error.message)?.[0] : undefined;

/** This tab's own entry files, which the index of the same version names too. */
function entryFiles() {
  return [...document.querySelectorAll<HTMLScriptElement>('script[type="module"][src]')].map(
    (script) => script.getAttribute('src') ?? '',
  );
}

/** Asks the server that should have the code of `error`'s page why it could not be fetched. */
export async function whyNotLoaded(error: unknown): Promise<NotLoadedCause> {
  if (!navigator.onLine) return 'offline';
  try {
    const file = fileOf(error);
    if (file) {
      const answer = await fetch(file, { method: 'HEAD', cache: 'no-store' });
      if (answer.status === 404 || answer.status === 410) return 'updated';
      if (GATEWAY_FAILURES.has(answer.status)) return 'unreachable';
    }
    const index = await fetch('/', { cache: 'no-store' });
    if (GATEWAY_FAILURES.has(index.status)) return 'unreachable';
    if (!index.ok) return 'passing';
    const html = await index.text();
    return entryFiles().every((file) => html.includes(file)) ? 'passing' : 'updated';
  } catch {
    // No answer at all: the browser is online, so the server (or the way to it) is not there.
    return navigator.onLine ? 'unreachable' : 'offline';
  }
}
