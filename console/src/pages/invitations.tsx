import { useState } from 'preact/hooks';
import { api, type Schemas } from '../api/client';
import { navigate, orgPath } from '../router';
import { usePaged, useSubmit } from '../ui/hooks';
import { Dialog, Empty, ErrorNote, formatDate, Loading, MoreButton, Tabs } from '../ui/parts';
import { RolePicker } from '../ui/RolePicker';
import { useOrg } from './org-context';

type Invitation = Schemas['Invitation'];
type Status = Schemas['InvitationStatus'];

const STATUSES: { id: Status; label: string; empty: string }[] = [
  { id: 'pending', label: 'Pending', empty: 'No invitation is waiting for an answer. Invite people from the Users tab.' },
  { id: 'accepted', label: 'Accepted', empty: 'Nobody has accepted an invitation yet.' },
  { id: 'cancelled', label: 'Cancelled', empty: 'No invitation was cancelled.' },
  { id: 'expired', label: 'Expired', empty: 'No invitation has expired.' },
  { id: 'declined', label: 'Declined', empty: 'Nobody has declined an invitation.' },
];

export function InvitationsTab(props: { status?: string }) {
  const org = useOrg();
  const status = (STATUSES.find((s) => s.id === props.status) ?? STATUSES[0]).id;
  return (
    <section aria-labelledby="invitations-heading">
      <div class="section-head"><h2 id="invitations-heading">Invitations</h2></div>
      {!org.can('members:view') ? (
        <Empty><p>Seeing invitations needs the <code>members:view</code> permission, which your roles do not
          grant.</p></Empty>
      ) : (
        <Tabs label="Invitations by status" idPrefix="invitations" small selected={status}
          items={STATUSES.map((s) => ({ id: s.id, label: s.label, href: orgPath(org.orgId, 'invitations', s.id) }))}
          onSelect={(item) => navigate(item.href, { replace: true })}>
          <InvitationList key={status} status={status} />
        </Tabs>
      )}
    </section>
  );
}

function InvitationList(props: { status: Status }) {
  const org = useOrg();
  const list = usePaged((cursor) => api.get('/orgs/{orgId}/invitations', { path: { orgId: org.orgId },
    query: { status: props.status, limit: 50, cursor } }), [org.orgId, props.status]);
  const act = useSubmit(async (invitation: Invitation, action: 'resend' | 'cancel') => {
    if (action === 'resend') {
      await api.post('/orgs/{orgId}/invitations/{invitationId}/resend', { path: { orgId: org.orgId,
        invitationId: invitation.id } });
    } else {
      await api.delete('/orgs/{orgId}/invitations/{invitationId}', { path: { orgId: org.orgId,
        invitationId: invitation.id } });
    }
    list.reload();
    return `${action === 'resend' ? 'Sent a new link to' : 'Cancelled the invitation of'} ${invitation.email}.`;
  });
  const canAct = props.status === 'pending' && org.can('members:invite');
  const [editing, setEditing] = useState<Invitation | null>(null);
  const empty = STATUSES.find((s) => s.id === props.status)!.empty;
  if (list.loading) {
    return <Loading what="invitations" />;
  }
  if (list.error && list.items.length === 0) {
    return <ErrorNote error={list.error} prefix="The invitations could not be loaded" />;
  }
  if (list.items.length === 0) {
    return <Empty><p>{empty}</p></Empty>;
  }
  return (
    <>
      <ErrorNote error={act.error} prefix="Not done" />
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">{props.status} invitations</caption>
          <thead>
            <tr>
              <th scope="col">Email address</th><th scope="col">Roles</th><th scope="col">Last sent</th>
              <th scope="col">{props.status === 'accepted' ? 'Accepted' : 'Expires'}</th>
              {canAct && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {list.items.map((invitation) => (
              <tr key={invitation.id}>
                <th scope="row">{invitation.email}{invitation.delivery && <> <DeliveryBadge
                  delivery={invitation.delivery} /></>}</th>
                <td>{invitation.roles.map(org.roleName).join(', ') || '—'}</td>
                <td>{formatDate(invitation.lastSentAt)}{invitation.sendCount > 1 ? ` (${invitation.sendCount} sends)` : ''}</td>
                <td>{formatDate(props.status === 'accepted' ? invitation.acceptedAt : invitation.expiresAt)}</td>
                {canAct && (
                  <td class="actions">
                    <button type="button" aria-label={`Edit roles of the invitation of ${invitation.email}`}
                      onClick={() => setEditing(invitation)}>Edit roles</button>
                    <button type="button" aria-label={`Resend the invitation of ${invitation.email}`} disabled={act.busy}
                      onClick={() => act.submit(invitation, 'resend')}>Resend</button>
                    <button type="button" class="danger" aria-label={`Cancel the invitation of ${invitation.email}`}
                      disabled={act.busy}
                      onClick={() => confirm(`Cancel the invitation of ${invitation.email}? Its link stops working.`)
                        && act.submit(invitation, 'cancel')}>Cancel</button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ErrorNote error={list.items.length > 0 ? list.error : undefined} prefix="More invitations could not be loaded" />
      <MoreButton hasMore={list.hasMore} loadingMore={list.loadingMore} onMore={list.loadMore} what="invitations" />
      {editing && <InvitationRolesDialog invitation={editing} onClose={() => setEditing(null)}
        onSaved={() => { setEditing(null); list.reload(); }} />}
    </>
  );
}

/** What SES reported about an invitation's email: it got no reminders after that. */
function DeliveryBadge(props: { delivery: NonNullable<Invitation['delivery']> }) {
  const bounced = props.delivery === 'bounced';
  return (
    <span class={`status delivery-${props.delivery}`}
      title={bounced ? 'The recipient\'s mail server refused the email; no reminders are sent. Check the address.'
        : 'The recipient marked the email as spam; no reminders are sent.'}>
      {bounced ? 'Bounced' : 'Marked as spam'}
    </span>
  );
}

/** The roles an open invitation grants (its link, expiry and sends stay as they are). */
function InvitationRolesDialog(props: { invitation: Invitation; onClose: () => void; onSaved: () => void }) {
  const org = useOrg();
  const [roles, setRoles] = useState<string[]>(props.invitation.roles);
  const save = useSubmit(async () => {
    await api.patch('/orgs/{orgId}/invitations/{invitationId}', { path: { orgId: org.orgId,
      invitationId: props.invitation.id }, body: { roles } });
    props.onSaved();
  });
  const fields = save.error?.fieldErrors() ?? {};
  return (
    <Dialog title={`Roles of the invitation of ${props.invitation.email}`} onClose={props.onClose}>
      <form onSubmit={(event) => { event.preventDefault(); save.submit(); }}>
        <p class="hint">The invitation's link and expiry stay as they are; no email is sent.</p>
        <ErrorNote error={save.error && !fields.roles ? save.error : undefined} />
        <RolePicker legend="Roles" roles={org.roles} selected={roles} onChange={setRoles} error={fields.roles} />
        <div class="buttons">
          <button type="button" onClick={props.onClose}>Cancel</button>
          <button type="submit" class="primary" disabled={save.busy}>{save.busy ? 'Saving…' : 'Save roles'}</button>
        </div>
      </form>
    </Dialog>
  );
}
