import { useEffect } from 'preact/hooks';
import { api } from '../api/client';
import type { Session } from '../auth';
import { navigate, orgPath } from '../router';
import { useSubmit } from '../ui/hooks';
import { ErrorNote, Link, Loading } from '../ui/parts';
import { SignIn } from './signin';

const TOKEN = /^[A-Za-z0-9_-]{1,512}$/;

/** Where invitation emails link to: sign in as the invited address, then the invitation is accepted. */
export function AcceptPage(props: { me: Session | null; token: string }) {
  const valid = TOKEN.test(props.token);
  const accept = useSubmit(async () => {
    const joined = await api.post('/invitations/accept', { body: { token: props.token } });
    navigate(orgPath(joined.orgId), { replace: true });
  });
  useEffect(() => {
    if (props.me && valid) {
      accept.submit();
    }
  }, [props.me?.userId, props.token]);
  return (
    <main id="main" class="narrow">
      <h1>Accept your invitation</h1>
      {!valid ? (
        <p class="error-note" role="alert">This link holds no invitation token. Open the link from your invitation email
          as it is, or ask for the invitation to be sent again.</p>
      ) : !props.me ? (
        <>
          <p>You were invited to join an organisation. Sign in with the email address the invitation was sent to, and
            you join it at once.</p>
          <SignIn returnTo={`/accept?token=${encodeURIComponent(props.token)}`} headingLevel={2} />
        </>
      ) : accept.error ? (
        <>
          <ErrorNote error={accept.error} prefix="The invitation could not be accepted" />
          <p>{accept.error.status === 403 ? `You are signed in as ${props.me.email ?? 'another address'}: sign out and sign in as the invited address.`
            : accept.error.status === 410 ? 'Ask the person who invited you to send the invitation again.'
              : accept.error.status === 409 ? 'You may already be a member.' : ''}</p>
          <p><Link href="/">Go to your organisations</Link></p>
        </>
      ) : <Loading what="your invitation (accepting it)" />}
    </main>
  );
}
