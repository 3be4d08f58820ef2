/** Hash routes of the app (`#/queue` …), and the capability each needs of the profile's role. */
import { useSyncExternalStore } from 'react';
import { can, type Capability, type Role } from '../../domain/privacy/roles';

export const NAV_SECTIONS = [
  'queue',
  'sessions',
  'availability',
  'reports',
  'audit',
  'settings',
  'co',
] as const;
export const ROUTES = NAV_SECTIONS;
export type Route = (typeof ROUTES)[number];

const NEEDS: Record<Route, Capability> = {
  queue: 'queue',
  sessions: 'sessions',
  availability: 'availability',
  reports: 'reports',
  audit: 'audit',
  settings: 'settings',
  co: 'co-view',
};

export function routeAllowed(role: Role, route: Route): boolean {
  return can(role, NEEDS[route]);
}

/** Where a profile lands: the queue, or the CO view for a role without the queue. */
export function homeRoute(role: Role): Route {
  return routeAllowed(role, 'queue') ? 'queue' : 'co';
}

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
