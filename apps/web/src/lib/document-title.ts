import { useEffect } from 'react';

/** The browser tab's text and history entry for a page: "Streams · nanoStream Cloud". */
export const documentTitle = (title: string) => `${title} · nanoStream Cloud`;

/**
 * A page naming itself more precisely than its route does (a stream by its name): set after
 * the route's title, which is set in a layout effect; nothing while the name is unknown.
 */
export function useDocumentTitle(title: string | undefined) {
  useEffect(() => {
    if (title !== undefined) document.title = documentTitle(title);
  }, [title]);
}
