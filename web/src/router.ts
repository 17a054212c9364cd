// Client routes (the server answers every non-API path with index.html).
import { useEffect, useState } from 'preact/hooks';

export type Route = '/' | '/memory' | '/mood' | '/settings' | '/meet' | '/signin'
  | '/reminders' | '/calendar' | '/mail' | '/letters';
const ROUTES: Route[] = ['/', '/memory', '/mood', '/settings', '/meet', '/signin', '/reminders', '/calendar', '/mail', '/letters'];
/** The life skills' screens: one tab ("Life") in the main navigation. */
export const LIFE_ROUTES: Route[] = ['/reminders', '/calendar', '/mail', '/letters'];

export function parseRoute(path: string): Route {
  const p = path.replace(/\/+$/, '') || '/';
  return (ROUTES as string[]).includes(p) ? (p as Route) : '/';
}

const listeners = new Set<() => void>();

export function navigate(to: Route, replace = false): void {
  if (location.pathname === to) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  listeners.forEach((l) => l());
}

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(parseRoute(location.pathname));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.pathname));
    listeners.add(update);
    addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      removeEventListener('popstate', update);
    };
  }, []);
  return route;
}
