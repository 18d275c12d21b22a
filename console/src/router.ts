// Client-side routes. Full page loads of these paths get index.html from the server (the local
// server and CloudFront alike): "/", "/accept" and everything under "/console/", so none of them
// collides with an API route (/orgs, /me, /invitations, /local).
import { Store } from './store';

export interface Place {
  path: string;
  query: URLSearchParams;
}

function here(): Place {
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}

export const place = new Store<Place>(here());

window.addEventListener('popstate', () => place.set(here()));

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) {
    history.replaceState(null, '', to);
  } else {
    history.pushState(null, '', to);
  }
  place.set(here());
  window.scrollTo(0, 0);
}

/** Follows a same-origin link without a page load (ordinary clicks only). */
export function follow(event: MouseEvent, to: string): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return;
  }
  event.preventDefault();
  navigate(to);
}

export type Route =
  | { page: 'organisations' }
  | { page: 'accept'; token: string }
  | { page: 'callback' }
  | { page: 'org'; orgId: string; tab: OrgTab; status?: string; roleId?: string }
  | { page: 'not-found' };

export const ORG_TABS = ['users', 'invitations', 'roles', 'service-accounts', 'audit-log', 'settings'] as const;
export type OrgTab = (typeof ORG_TABS)[number];

export function route(at: Place): Route {
  const path = at.path.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/index.html' || path === '/console') {
    return { page: 'organisations' };
  }
  if (path === '/accept') {
    return { page: 'accept', token: at.query.get('token') ?? '' };
  }
  if (path === '/console/callback') {
    return { page: 'callback' };
  }
  const parts = path.split('/').slice(1).map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return part;
    }
  });
  if (parts[0] === 'console' && parts[1] === 'orgs' && parts[2]) {
    const orgId = parts[2];
    const tab = (parts[3] ?? 'users') as OrgTab;
    if (!ORG_TABS.includes(tab)) {
      return { page: 'not-found' };
    }
    if (parts.length === 5 && tab === 'invitations') {
      return { page: 'org', orgId, tab, status: parts[4] };
    }
    if (parts.length === 5 && tab === 'roles') {
      return { page: 'org', orgId, tab, roleId: parts[4] };
    }
    if (parts.length <= 4) {
      return { page: 'org', orgId, tab };
    }
  }
  return { page: 'not-found' };
}

export function orgPath(orgId: string, tab: OrgTab = 'users', rest?: string): string {
  return `/console/orgs/${encodeURIComponent(orgId)}/${tab}${rest ? `/${encodeURIComponent(rest)}` : ''}`;
}
