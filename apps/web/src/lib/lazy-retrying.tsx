import { lazy, type ComponentType } from 'react';

/** A component whose code loads on first render; `preload` starts loading it before that. */
export type LazyComponent<P extends object = object> = ComponentType<P> & {
  preload: () => Promise<unknown>;
};

/** How each component whose code failed to load gets a fresh start. */
const failed = new Set<() => void>();

/**
 * Lets every component whose code could not be fetched load it anew on its next render (the
 * route error boundary calls it when the browser is back online, on "Try again" and when
 * another page is opened).
 */
export function retryFailedLoads() {
  for (const renew of failed) renew();
  failed.clear();
}

/**
 * React.lazy whose failed load can be tried again. React keeps a failed import for good, so a
 * page whose code could not be fetched (offline before its first visit) stayed broken after
 * the connection returned, until a reload. The failed one stays in place until
 * retryFailedLoads(), so that the error reaches the error boundary instead of being fetched
 * again at once, in a loop while offline; then a fresh lazy component takes its place.
 */
export function lazyRetrying<P extends object>(
  load: () => Promise<ComponentType<P>>,
): LazyComponent<P> {
  let loading: Promise<{ default: ComponentType<P> }> | undefined;
  const renew = () => {
    current = lazy(preload);
  };
  const preload = () =>
    (loading ??= load().then(
      (component) => ({ default: component }),
      (error: unknown) => {
        loading = undefined;
        failed.add(renew);
        throw error;
      },
    ));
  let current = lazy(preload);
  function Retrying(props: P) {
    const Current = current as ComponentType<P>;
    return <Current {...props} />;
  }
  return Object.assign(Retrying, { preload });
}
