import { useState } from 'preact/hooks';
import { signInLocally, signInMode, signInWithProvider } from '../auth';
import { Field } from '../ui/parts';

/** Locally the form the local server's /local/token answers; deployed, the identity provider. */
export function SignIn(props: { returnTo: string; headingLevel?: 1 | 2; intro?: string }) {
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const Heading = props.headingLevel === 2 ? 'h2' : 'h1';
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="sign-in" aria-labelledby="sign-in-heading">
      <Heading id="sign-in-heading">Sign in</Heading>
      {props.intro && <p>{props.intro}</p>}
      {signInMode() === 'local' ? (
        <form onSubmit={(event) => { event.preventDefault(); run(() => signInLocally(email.trim())); }}>
          <p class="hint">The local server signs you in as any address (its own token issuer).</p>
          <Field label="Email" type="email" value={email} onValue={setEmail} required autoComplete="email"
            autoFocus error={error} />
          <button type="submit" class="primary" disabled={busy || !email.trim()}>{busy ? 'Signing in…' : 'Sign in'}</button>
        </form>
      ) : (
        <>
          {error && <p class="error-note" role="alert">{error}</p>}
          <button type="button" class="primary" disabled={busy} onClick={() => run(() => signInWithProvider(props.returnTo))}>
            Sign in</button>
        </>
      )}
    </section>
  );
}
