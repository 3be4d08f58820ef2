/** Hash routes of the app (`#/queue` …). `#/co` is reserved for the CO view and not in the menu. */
import { useSyncExternalStore } from 'react';

export const NAV_SECTIONS = [
  'queue',
  'sessions',
  'availability',
  'reports',
  'audit',
  'settings',
] as const;
export const ROUTES = [...NAV_SECTIONS, 'co'] as const;
export type Route = (typeof ROUTES)[number];

export const DEFAULT_ROUTE: Route = 'queue';

export function routeHref(route: Route): string {
  return `#/${route}`;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function currentHashPath(): string {
  return window.location.hash.replace(/^#/, '') || '/';
}

/** The current hash path, e.g. `/settings`. */
export function useHashPath(): string {
  return useSyncExternalStore(subscribe, currentHashPath);
}

/** The route a path shows, `null` when it shows none (not found). `/` shows the default route. */
export function routeOf(path: string): Route | null {
  const first = path.split(/[/?]/).filter(Boolean)[0];
  if (first === undefined) return DEFAULT_ROUTE;
  return (ROUTES as readonly string[]).includes(first) ? (first as Route) : null;
}
