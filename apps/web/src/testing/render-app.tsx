import { AppRoutes } from '@/app/router.tsx';
import { renderInApp } from './render.tsx';

/** The whole app (every route, the session guard, the shell) at `route`. */
export function renderApp(route = '/') {
  return renderInApp(<AppRoutes />, route);
}
