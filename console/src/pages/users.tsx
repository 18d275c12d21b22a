import { useState } from 'preact/hooks';
import { api, type Schemas } from '../api/client';
import { usePaged, useSubmit } from '../ui/hooks';
import { Dialog, Empty, ErrorNote, Field, Loading, MoreButton, SelectField } from '../ui/parts';
import { RolePicker } from '../ui/RolePicker';
import { useOrg } from './org-context';

type UserRow = Schemas['UserRow'];
type InvitationResult = Schemas['InvitationResult'];

/** Rows per page: the first page of a large organisation fills the table at once. */
export const USERS_PAGE = 100;

const TYPE_LABEL: Record<UserRow['type'], string> = { member: 'Member', service_account: 'Service account' };

export function UsersTab() {
  const org = useOrg();
  const [inviting, setInviting] = useState(false);
  const [editing, setEditing] = useState<UserRow | null>(null);
  const [status, setStatus] = useState<'' | UserRow['status']>('');
  const [type, setType] = useState<'' | UserRow['type']>('');
  const filtered = Boolean(status || type);
  const users = usePaged((cursor) => (cursor === undefined && !filtered ? org.takeFirstUsersPage() : null)
    ?? api.get('/orgs/{orgId}/users', { path: { orgId: org.orgId }, query: { limit: USERS_PAGE, cursor,
      status: status || undefined, type: type || undefined } }),
  [org.orgId, status, type]);
  const remove = useSubmit(async (row: UserRow) => {
    if (row.type === 'service_account') {
      await api.delete('/orgs/{orgId}/service-accounts/{id}', { path: { orgId: org.orgId, id: row.id } });
    } else {
      await api.delete('/orgs/{orgId}/users/{userId}', { path: { orgId: org.orgId, userId: row.id } });
    }
    users.reload();
  });
  const canEdit = (row: UserRow) => row.status === 'active' && (row.type === 'service_account'
    ? org.can('service-accounts:manage') : org.can('members:update-role'));
  const canRemove = (row: UserRow) => row.status === 'active' && !row.self && (row.type === 'service_account'
    ? org.can('service-accounts:manage') : org.can('members:remove'));
  const who = (row: UserRow) => row.email ?? row.name;

  return (
    <section aria-labelledby="users-heading">
      <div class="section-head">
        <h2 id="users-heading">Users</h2>
        {org.can('members:invite') && <button type="button" class="primary" onClick={() => setInviting(true)}>
          Invite users</button>}
      </div>
      {org.can('members:view') && (
        <div class="list-filters" role="group" aria-label="Filter the users">
          <SelectField label="Status" value={status} onValue={(value) => setStatus(value as typeof status)}
            options={[{ value: '', label: 'Every status' }, { value: 'active', label: 'Active' },
              { value: 'pending', label: 'Pending (invited)' }]} />
          <SelectField label="Type" value={type} onValue={(value) => setType(value as typeof type)}
            options={[{ value: '', label: 'Every type' }, { value: 'member', label: 'Member' },
              { value: 'service_account', label: 'Service account' }]} />
        </div>
      )}
      {!org.can('members:view') ? (
        <Empty><p>Seeing this organisation's users needs the <code>members:view</code> permission, which your
          roles do not grant. Ask an owner for it.</p></Empty>
      ) : users.loading ? <Loading what="users" /> : users.error && users.items.length === 0 ? (
        <ErrorNote error={users.error} prefix="The users could not be loaded" />
      ) : users.items.length === 0 && filtered ? (
        <Empty><p>Nobody here matches these filters. Choose “Every status” and “Every type” to see everyone.</p></Empty>
      ) : users.items.length === 0 ? (
        <Empty><p>Nobody is here yet. {org.can('members:invite') ? 'Choose “Invite users” to invite people by email.'
          : 'Ask an owner to invite people.'}</p></Empty>
      ) : (
        <>
          <ErrorNote error={remove.error} prefix="Not removed" />
          <div class="table-wrap">
            <table class="users">
              <caption class="visually-hidden">Users of {org.org.name}</caption>
              <thead>
                <tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Status</th>
                  <th scope="col">Roles</th><th scope="col">Actions</th></tr>
              </thead>
              <tbody>
                {users.items.map((row) => (
                  <tr key={row.id}>
                    <th scope="row" class="name">
                      <span>{row.name || row.email}</span>
                      {row.email && row.name && row.name !== row.email && <span class="sub">{row.email}</span>}
                    </th>
                    <td>{row.self ? 'Self' : TYPE_LABEL[row.type]}</td>
                    <td><span class={`status ${row.status}`}>{row.status}</span></td>
                    <td>{row.roles.map(org.roleName).join(', ') || '—'}</td>
                    <td class="actions">
                      {canEdit(row) && <button type="button" aria-label={`Edit roles of ${who(row)}`}
                        onClick={() => setEditing(row)}>Edit roles</button>}
                      {canRemove(row) && <button type="button" class="danger" aria-label={`Remove ${who(row)}`}
                        disabled={remove.busy}
                        onClick={() => confirm(row.type === 'service_account'
                          ? `Delete the service account ${row.name}? Its secret stops working.`
                          : `Remove ${who(row)} from ${org.org.name}? They lose every role here.`) && remove.submit(row)}>
                        Remove</button>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ErrorNote error={users.items.length > 0 ? users.error : undefined} prefix="More users could not be loaded" />
          <MoreButton hasMore={users.hasMore} loadingMore={users.loadingMore} onMore={users.loadMore} what="users" />
        </>
      )}
      {inviting && <InviteDialog onClose={() => { setInviting(false); users.reload(); }} />}
      {editing && <EditRolesDialog row={editing} onClose={() => setEditing(null)}
        onSaved={() => { setEditing(null); users.reload(); }} />}
    </section>
  );
}

const RESULT_TEXT: Record<InvitationResult['status'], string> = {
  invited: 'Invited',
  already_member: 'Already a member',
  already_invited: 'Already invited (the open invitation stays)',
  invalid_email: 'Not an email address',
};

function InviteDialog(props: { onClose: () => void }) {
  const org = useOrg();
  const [emails, setEmails] = useState('');
  const [roles, setRoles] = useState<string[]>(['member']);
  const [results, setResults] = useState<InvitationResult[] | null>(null);
  const invite = useSubmit(async () => {
    const answer = await api.post('/orgs/{orgId}/invitations', { path: { orgId: org.orgId },
      body: { emails, roles } });
    setResults(answer.results);
  });
  const fields = invite.error?.fieldErrors() ?? {};
  return (
    <Dialog title="Invite users" onClose={props.onClose} wide>
      {results ? (
        <div class="invite-results">
          <p role="status">{results.filter((r) => r.status === 'invited').length} of {results.length} invited.</p>
          <table>
            <caption class="visually-hidden">What happened to each address</caption>
            <thead><tr><th scope="col">Email address</th><th scope="col">Result</th></tr></thead>
            <tbody>
              {results.map((result, index) => (
                <tr key={`${index}-${result.email}`} class={`result ${result.status}`}>
                  <th scope="row">{result.email}</th>
                  <td>{RESULT_TEXT[result.status]}{result.status === 'invited' && result.emailSent === false
                    ? ': the email could not be sent yet and will be sent again' : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="buttons">
            <button type="button" onClick={() => { setResults(null); setEmails(''); }}>Invite more</button>
            <button type="button" class="primary" onClick={props.onClose}>Done</button>
          </div>
        </div>
      ) : (
        <form onSubmit={(event) => { event.preventDefault(); invite.submit(); }}>
          <ErrorNote error={invite.error && !fields.emails && !fields.roles ? invite.error : undefined} />
          <Field label="Email addresses" value={emails} onValue={setEmails} multiline required autoFocus
            hint="Several addresses, separated by commas (up to 100)." error={fields.emails} />
          <RolePicker legend="Roles" roles={org.roles} selected={roles} onChange={setRoles} error={fields.roles} />
          <div class="buttons">
            <button type="button" onClick={props.onClose}>Cancel</button>
            <button type="submit" class="primary" disabled={invite.busy || !emails.trim()}>
              {invite.busy ? 'Inviting…' : 'Invite'}</button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

function EditRolesDialog(props: { row: UserRow; onClose: () => void; onSaved: () => void }) {
  const org = useOrg();
  const [roles, setRoles] = useState<string[]>(props.row.roles);
  const save = useSubmit(async () => {
    if (props.row.type === 'service_account') {
      await api.patch('/orgs/{orgId}/service-accounts/{id}', { path: { orgId: org.orgId, id: props.row.id },
        body: { roles } });
    } else {
      await api.put('/orgs/{orgId}/users/{userId}/roles', { path: { orgId: org.orgId, userId: props.row.id },
        body: { roles } });
    }
    props.onSaved();
  });
  const fields = save.error?.fieldErrors() ?? {};
  return (
    <Dialog title={`Roles of ${props.row.email ?? props.row.name}`} onClose={props.onClose}>
      <form onSubmit={(event) => { event.preventDefault(); save.submit(); }}>
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
