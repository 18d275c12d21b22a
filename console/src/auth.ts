// Who is signed in. Locally, the sign-in form asks the local server for a token (POST /local/token);
// deployed, the identity provider signs people in with the authorization code flow and PKCE
// (oidc-client-ts, loaded only then). The session lives in sessionStorage: closing the tab ends it.
import type { UserManager } from 'oidc-client-ts';
import type { ConsoleConfig } from './config';
import { Store } from './store';

export interface Session {
  token: string;
  userId: string;
  email: string | null;
  /** Seconds since the epoch when the token stops working. */
  expiresAt: number;
}

const KEY = 'users-and-roles.session';
export const session = new Store<Session | null>(readStored());
let config: ConsoleConfig;
let manager: Promise<UserManager> | null = null;

export function configureAuth(next: ConsoleConfig): void {
  config = next;
}

export function signInMode(): ConsoleConfig['signIn'] {
  return config.signIn;
}

function readStored(): Session | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    return stored && stored.expiresAt * 1000 > Date.now() ? stored : null;
  } catch {
    return null;
  }
}

function keep(next: Session | null): void {
  if (next) {
    sessionStorage.setItem(KEY, JSON.stringify(next));
  } else {
    sessionStorage.removeItem(KEY);
  }
  session.set(next);
}

/** The claims of a JWT, read without checking it (the API checks it; the console only shows them). */
function claims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '='));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
}

export async function currentToken(): Promise<string | null> {
  const current = session.value;
  if (current && current.expiresAt * 1000 <= Date.now()) {
    keep(null);
    return null;
  }
  return current?.token ?? null;
}

export function endSession(): void {
  keep(null);
}

/** The local server's sign-in: a token for this address (problem+json on a bad address). */
export async function signInLocally(email: string): Promise<void> {
  const response = await fetch(`${config.apiUrl}/local/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ email }),
    credentials: 'omit',
  });
  const answer = (await response.json()) as { token?: string; userId?: string; detail?: string;
    errors?: { field: string; message: string }[] };
  if (!response.ok || !answer.token || !answer.userId) {
    const field = answer.errors?.find((e) => e.field === 'email')?.message;
    throw new Error(field ? `Email ${field}` : answer.detail ?? `Sign-in failed (${response.status})`);
  }
  const read = claims(answer.token);
  keep({ token: answer.token, userId: answer.userId, email: typeof read.email === 'string' ? read.email : email,
    expiresAt: Number(read.exp ?? 0) });
}

function oidc(): Promise<UserManager> {
  if (!manager) {
    manager = import('oidc-client-ts').then(({ UserManager, WebStorageStateStore }) => new UserManager({
      authority: config.oidc!.issuer,
      client_id: config.oidc!.clientId,
      redirect_uri: `${location.origin}/console/callback`,
      post_logout_redirect_uri: `${location.origin}/`,
      response_type: 'code',
      scope: config.oidc!.scope ?? 'openid email profile',
      userStore: new WebStorageStateStore({ store: sessionStorage }),
      automaticSilentRenew: false,
      loadUserInfo: false,
    }));
  }
  return manager;
}

/** Sends the browser to the identity provider; it comes back to /console/callback, then to returnTo. */
export async function signInWithProvider(returnTo: string): Promise<void> {
  await (await oidc()).signinRedirect({ state: { returnTo } });
}

/** Completes the provider's redirect and answers where to go next. */
export async function completeProviderSignIn(): Promise<string> {
  const user = await (await oidc()).signinRedirectCallback();
  const token = config.oidc!.apiToken === 'id_token' ? user.id_token : user.access_token;
  if (!token) {
    throw new Error('The identity provider gave no token for the API');
  }
  keep({ token, userId: user.profile.sub, email: user.profile.email ?? null,
    expiresAt: user.expires_at ?? Number(claims(token).exp ?? 0) });
  const state = user.state as { returnTo?: string } | undefined;
  return state?.returnTo && state.returnTo.startsWith('/') && !state.returnTo.startsWith('//') ? state.returnTo : '/';
}

export async function signOut(): Promise<void> {
  keep(null);
  if (config.signIn === 'oidc' && manager) {
    await (await oidc()).removeUser();
  }
}
