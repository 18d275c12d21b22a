import { useEffect, useState } from 'preact/hooks';
import { completeProviderSignIn, session, signOut } from './auth';
import { navigate, place, route } from './router';
import { useStore } from './store';
import { Link, Loading } from './ui/parts';
import { AcceptPage } from './pages/accept';
import { OrganisationsPage } from './pages/organisations';
import { OrgPage } from './pages/org';
import { SignIn } from './pages/signin';

export function App() {
  const at = useStore(place);
  const me = useStore(session);
  const current = route(at);
  useEffect(() => {
    document.title = current.page === 'accept' ? 'Accept your invitation · Users & Roles' : 'Users & Roles';
  }, [current.page]);
  return (
    <>
      <header class="top">
        <a class="skip" href="#main">Skip to content</a>
        <Link href="/" class="brand">Users &amp; Roles</Link>
        {me && (
          <div class="who">
            <span>Signed in as <strong>{me.email ?? me.userId}</strong></span>
            <button type="button" class="quiet" onClick={() => signOut().then(() => navigate('/'))}>Sign out</button>
          </div>
        )}
      </header>
      {current.page === 'callback' ? <Callback />
        : current.page === 'accept' ? <AcceptPage me={me} token={current.token} />
          : !me ? <main id="main" class="narrow"><SignIn returnTo={at.path + (at.query.toString() ? `?${at.query}` : '')} /></main>
            : current.page === 'organisations' ? <OrganisationsPage me={me} />
              : current.page === 'org' ? <OrgPage key={current.orgId} me={me} orgId={current.orgId} tab={current.tab}
                status={current.status} roleId={current.roleId} />
                : <main id="main"><h1>Not found</h1><p>This page does not exist. <Link href="/">Go to your organisations</Link>.</p></main>}
    </>
  );
}

function Callback() {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    completeProviderSignIn().then((to) => navigate(to, { replace: true }), (failure: Error) => setError(failure.message));
  }, []);
  return (
    <main id="main" class="narrow">
      <h1>Signing in</h1>
      {error ? <p class="error-note" role="alert">The sign-in did not complete: {error} <Link href="/">Try again</Link>.</p>
        : <Loading what="your session" />}
    </main>
  );
}
