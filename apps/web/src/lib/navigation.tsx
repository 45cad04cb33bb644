import {
  createContext,
  forwardRef,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  useTransition,
  type AnchorHTMLAttributes,
  type ReactNode,
} from 'react';
import { Link, Router } from 'wouter';

/*
 * The browser history behind wouter's routes and links. The current location is React state:
 * a change of page is rendered in a transition, so the page being left stays on screen (and
 * `useNavigationPending` is true) while the next page's chunk loads. A change of the search
 * params alone (filters, paging) is rendered at once.
 */

export interface Location {
  /** As the address bar has it (percent-encoded). */
  pathname: string;
  /** With the leading `?`, or empty. */
  search: string;
  /** The history entry's state (`navigate(…, { state })`), or null. */
  state: unknown;
}

export interface NavigateOptions {
  /** Replace the current history entry instead of adding one (default: only if `to` is it). */
  replace?: boolean;
  /** History state for the new entry: never secrets, it outlives the page. */
  state?: unknown;
}

const listeners = new Set<() => void>();

/** Goes to `to` (a path inside the app, with an optional search). */
export function navigate(to: string, { replace, state = null }: NavigateOptions = {}) {
  const here = window.location.pathname + window.location.search;
  window.history[(replace ?? to === here) ? 'replaceState' : 'pushState'](state, '', to);
  for (const listener of listeners) listener();
}

const readLocation = (): Location => ({
  pathname: window.location.pathname,
  search: window.location.search,
  state: window.history.state as unknown,
});

const sameLocation = (a: Location, b: Location) =>
  a.pathname === b.pathname && a.search === b.search && a.state === b.state;

interface NavigationValue {
  location: Location;
  pending: boolean;
}

const NavigationContext = createContext<NavigationValue | null>(null);

function useNavigationValue(): NavigationValue {
  const value = useContext(NavigationContext);
  if (!value) throw new Error('Navigation hooks need <BrowserRouter> above them');
  return value;
}

// wouter reads the path and the search through these hooks; `Link` and `Redirect` navigate
// through the function the path hook returns.
const usePathForRoutes = (): [string, typeof navigate] => [
  useNavigationValue().location.pathname,
  navigate,
];
const useSearchForRoutes = () => useNavigationValue().location.search;

/** Routes, links and the navigation hooks, on the browser's history. */
export function BrowserRouter({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState(readLocation);
  const [pending, startTransition] = useTransition();
  const latest = useRef(location);

  useEffect(() => {
    const update = () => {
      const next = readLocation();
      const previous = latest.current;
      if (sameLocation(previous, next)) return;
      latest.current = next;
      if (next.pathname === previous.pathname) setLocation(next);
      else startTransition(() => setLocation(next));
    };
    listeners.add(update);
    window.addEventListener('popstate', update);
    // A redirect while the first render was committed happened before this subscription.
    update();
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);

  const value = useMemo(() => ({ location, pending }), [location, pending]);
  return (
    <NavigationContext.Provider value={value}>
      <Router hook={usePathForRoutes} searchHook={useSearchForRoutes}>
        {children}
      </Router>
    </NavigationContext.Provider>
  );
}

/** The location being shown. */
export function useLocation(): Location {
  return useNavigationValue().location;
}

/** True while the next page loads (the current one stays on screen meanwhile). */
export function useNavigationPending(): boolean {
  return useNavigationValue().pending;
}

type SearchParamsUpdate = URLSearchParams | ((current: URLSearchParams) => URLSearchParams);

/**
 * The search params of the location, and a setter that navigates to the same path with new
 * ones (a new history entry unless `replace`), so that Back restores the previous ones.
 */
export function useSearchParams(): [
  URLSearchParams,
  (next: SearchParamsUpdate, options?: NavigateOptions) => void,
] {
  const { search } = useLocation();
  const params = useMemo(() => new URLSearchParams(search), [search]);
  const setParams = useCallback((next: SearchParamsUpdate, options?: NavigateOptions) => {
    // Read at call time, so that updates made one after another all apply.
    const current = new URLSearchParams(window.location.search);
    const query = (typeof next === 'function' ? next(current) : next).toString();
    navigate(`${window.location.pathname}${query ? `?${query}` : ''}`, options);
  }, []);
  return [params, setParams];
}

export interface RouterLinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  to: string;
  replace?: boolean;
  state?: unknown;
}

/**
 * A link inside the app (for MUI's `component` prop too): a plain click navigates without a
 * page load; modified and middle clicks are left to the browser.
 */
export const RouterLink = forwardRef<HTMLAnchorElement, RouterLinkProps>(
  function RouterLink(props, ref) {
    return <Link {...props} ref={ref} />;
  },
);

export { Redirect, Route, Switch, useParams, useRouter } from 'wouter';
