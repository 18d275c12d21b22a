import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { Session } from '../auth';
import { navigate, orgPath } from '../router';
import { useAsync, useSubmit } from '../ui/hooks';
import { Dialog, Empty, ErrorNote, Field, formatDate, Link, Loading } from '../ui/parts';
import { acceptInvitation, declineInvitation, loadMe, roleLabel, type MyInvitation } from './me';

export function OrganisationsPage(props: { me: Session }) {
  const me = useAsync(() => loadMe(), [props.me.userId]);
  const [creating, setCreating] = useState(false);
  const answer = useSubmit(async (invitation: MyInvitation, accept: boolean) => {
    if (accept) {
      navigate(orgPath(await acceptInvitation(invitation)));
    } else {
      await declineInvitation(invitation);
      me.reload();
    }
  });
  return (
    <main id="main">
      <div class="section-head">
        <h1>Organisations</h1>
        <button type="button" class="primary" onClick={() => setCreating(true)}>Create organisation</button>
      </div>
      {me.loading && !me.data ? <Loading what="your organisations" /> : me.error ? (
        <ErrorNote error={me.error} prefix="Your organisations could not be loaded" />
      ) : (
        <>
          <section aria-labelledby="invitations-for-you">
            <h2 id="invitations-for-you">Invitations for you</h2>
            <ErrorNote error={answer.error} prefix="Not done" />
            {me.data!.invitations.length === 0 ? (
              <Empty><p>No invitation is waiting for you. When someone invites {me.data!.email ?? 'you'}, it shows
                here (and the email's link works too).</p></Empty>
            ) : (
              <ul class="cards">
                {me.data!.invitations.map((invitation) => (
                  <li key={invitation.id} class="card">
                    <h3>{invitation.orgName}</h3>
                    <p class="hint">Roles: {invitation.roles.map(roleLabel).join(', ') || 'none'} · expires {formatDate(invitation.expiresAt)}</p>
                    <div class="buttons">
                      <button type="button" class="primary" disabled={answer.busy}
                        aria-label={`Accept the invitation to ${invitation.orgName}`}
                        onClick={() => answer.submit(invitation, true)}>Accept</button>
                      <button type="button" disabled={answer.busy} aria-label={`Decline the invitation to ${invitation.orgName}`}
                        onClick={() => answer.submit(invitation, false)}>Decline</button>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="your-organisations">
            <h2 id="your-organisations">Your organisations</h2>
            {me.data!.orgs.length === 0 ? (
              <Empty><p>You are not in an organisation yet. Choose “Create organisation”, or accept an invitation.</p></Empty>
            ) : (
              <ul class="cards">
                {me.data!.orgs.map((org) => (
                  <li key={org.orgId} class="card">
                    <h3><Link href={orgPath(org.orgId)}>{org.name}</Link></h3>
                    <p class="hint">Your roles: {org.roles.map(roleLabel).join(', ') || 'none'}</p>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
      {creating && <CreateOrganisationDialog onClose={() => setCreating(false)} />}
    </main>
  );
}

function CreateOrganisationDialog(props: { onClose: () => void }) {
  const [name, setName] = useState('');
  const create = useSubmit(async () => {
    const org = await api.post('/orgs', { body: { name } });
    navigate(orgPath(org.orgId));
  });
  const fields = create.error?.fieldErrors() ?? {};
  return (
    <Dialog title="Create organisation" onClose={props.onClose}>
      <form onSubmit={(event) => { event.preventDefault(); create.submit(); }}>
        <ErrorNote error={create.error && !fields.name ? create.error : undefined} />
        <Field label="Name" value={name} onValue={setName} required maxLength={100} autoFocus error={fields.name} />
        <p class="hint">You become its owner.</p>
        <div class="buttons">
          <button type="button" onClick={props.onClose}>Cancel</button>
          <button type="submit" class="primary" disabled={create.busy || !name.trim()}>
            {create.busy ? 'Creating…' : 'Create'}</button>
        </div>
      </form>
    </Dialog>
  );
}
