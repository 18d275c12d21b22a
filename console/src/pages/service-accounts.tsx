import { useState } from 'preact/hooks';
import { api, type Schemas } from '../api/client';
import { usePaged, useSubmit } from '../ui/hooks';
import { Dialog, Empty, ErrorNote, Field, formatDate, Loading, MoreButton } from '../ui/parts';
import { RolePicker } from '../ui/RolePicker';
import { useOrg } from './org-context';

type ServiceAccount = Schemas['ServiceAccount'];

export function ServiceAccountsTab() {
  const org = useOrg();
  const manage = org.can('service-accounts:manage');
  const [editing, setEditing] = useState<ServiceAccount | 'new' | null>(null);
  const [secret, setSecret] = useState<{ account: string; secret: string; rotated: boolean } | null>(null);
  const accounts = usePaged((cursor) => api.get('/orgs/{orgId}/service-accounts', { path: { orgId: org.orgId },
    query: { limit: 50, cursor } }), [org.orgId]);
  const act = useSubmit(async (account: ServiceAccount, action: 'rotate' | 'delete') => {
    if (action === 'rotate') {
      const answer = await api.post('/orgs/{orgId}/service-accounts/{id}/secret', { path: { orgId: org.orgId,
        id: account.id } });
      setSecret({ account: account.name, secret: answer.secret, rotated: true });
    } else {
      await api.delete('/orgs/{orgId}/service-accounts/{id}', { path: { orgId: org.orgId, id: account.id } });
      accounts.reload();
    }
  });
  return (
    <section aria-labelledby="service-accounts-heading">
      <div class="section-head">
        <h2 id="service-accounts-heading">Service accounts</h2>
        {manage && <button type="button" class="primary" onClick={() => setEditing('new')}>Create service account</button>}
      </div>
      <p class="hint">Service accounts call the API without a person's credentials:
        <code> Authorization: Bearer &lt;secret&gt;</code>.</p>
      {!org.can('members:view') ? (
        <Empty><p>Seeing service accounts needs the <code>members:view</code> permission, which your roles do not
          grant.</p></Empty>
      ) : accounts.loading ? <Loading what="service accounts" /> : accounts.error && accounts.items.length === 0 ? (
        <ErrorNote error={accounts.error} prefix="The service accounts could not be loaded" />
      ) : accounts.items.length === 0 ? (
        <Empty><p>No service accounts yet. {manage ? 'Choose “Create service account” to give a program its own secret and roles.'
          : 'Someone who may manage service accounts can create them.'}</p></Empty>
      ) : (
        <>
          <ErrorNote error={act.error} prefix="Not done" />
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">Service accounts</caption>
              <thead><tr><th scope="col">Name</th><th scope="col">Description</th><th scope="col">Roles</th>
                <th scope="col">Created</th>{manage && <th scope="col">Actions</th>}</tr></thead>
              <tbody>
                {accounts.items.map((account) => (
                  <tr key={account.id}>
                    <th scope="row">{account.name}</th>
                    <td>{account.description || '—'}</td>
                    <td>{account.roles.map(org.roleName).join(', ') || '—'}</td>
                    <td>{formatDate(account.createdAt)}</td>
                    {manage && (
                      <td class="actions">
                        <button type="button" aria-label={`Edit ${account.name}`} onClick={() => setEditing(account)}>Edit</button>
                        <button type="button" aria-label={`Rotate secret of ${account.name}`} disabled={act.busy}
                          onClick={() => confirm(`Rotate the secret of ${account.name}? The current secret stops working at once.`)
                            && act.submit(account, 'rotate')}>Rotate secret</button>
                        <button type="button" class="danger" aria-label={`Delete ${account.name}`} disabled={act.busy}
                          onClick={() => confirm(`Delete ${account.name}? Its secret stops working.`)
                            && act.submit(account, 'delete')}>Delete</button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <MoreButton hasMore={accounts.hasMore} loadingMore={accounts.loadingMore} onMore={accounts.loadMore}
            what="service accounts" />
        </>
      )}
      {editing && <AccountDialog account={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)}
        onSaved={(created) => {
          setEditing(null);
          accounts.reload();
          if (created) {
            setSecret({ account: created.name, secret: created.secret, rotated: false });
          }
        }} />}
      {secret && <SecretDialog {...secret} onClose={() => setSecret(null)} />}
    </section>
  );
}

function AccountDialog(props: { account?: ServiceAccount; onClose: () => void;
  onSaved: (created?: { name: string; secret: string }) => void }) {
  const org = useOrg();
  const [name, setName] = useState(props.account?.name ?? '');
  const [description, setDescription] = useState(props.account?.description ?? '');
  const [roles, setRoles] = useState<string[]>(props.account?.roles ?? ['member']);
  const save = useSubmit(async () => {
    if (props.account) {
      await api.patch('/orgs/{orgId}/service-accounts/{id}', { path: { orgId: org.orgId, id: props.account.id },
        body: { name, description, roles } });
      props.onSaved();
    } else {
      const created = await api.post('/orgs/{orgId}/service-accounts', { path: { orgId: org.orgId },
        body: { name, description, roles } });
      props.onSaved({ name: created.name, secret: created.secret });
    }
  });
  const fields = save.error?.fieldErrors() ?? {};
  return (
    <Dialog title={props.account ? `Edit ${props.account.name}` : 'Create service account'} onClose={props.onClose}>
      <form onSubmit={(event) => { event.preventDefault(); save.submit(); }}>
        <ErrorNote error={save.error && !fields.name && !fields.description && !fields.roles ? save.error : undefined} />
        <Field label="Name" value={name} onValue={setName} required maxLength={100} autoFocus error={fields.name} />
        <Field label="Description" value={description} onValue={setDescription} multiline maxLength={1000}
          error={fields.description} />
        <RolePicker legend="Roles" roles={org.roles} selected={roles} onChange={setRoles} error={fields.roles} />
        <div class="buttons">
          <button type="button" onClick={props.onClose}>Cancel</button>
          <button type="submit" class="primary" disabled={save.busy || !name.trim()}>
            {save.busy ? 'Saving…' : props.account ? 'Save' : 'Create'}</button>
        </div>
      </form>
    </Dialog>
  );
}

/** The secret, once: it is not stored anywhere the console or the API could show it again. */
function SecretDialog(props: { account: string; secret: string; rotated: boolean; onClose: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = () => navigator.clipboard.writeText(props.secret).then(() => setCopied('yes'), () => setCopied('no'));
  return (
    <Dialog title={props.rotated ? `New secret of ${props.account}` : `Secret of ${props.account}`} onClose={props.onClose}>
      <p><strong>Copy the secret now and store it securely: it is shown only this once.</strong>
        {props.rotated ? ' The previous secret no longer works.' : ''}</p>
      <div class="secret">
        <label for="secret-value">Secret</label>
        <input id="secret-value" readOnly value={props.secret} spellcheck={false}
          onFocus={(event) => event.currentTarget.select()} />
        <button type="button" onClick={copy}>Copy</button>
      </div>
      <p role="status" class="hint">{copied === 'yes' ? 'Copied to the clipboard.' : copied === 'no'
        ? 'The browser did not allow copying: select the secret and copy it yourself.' : ''}</p>
      <div class="buttons">
        <button type="button" class="primary" onClick={props.onClose}>I have stored it</button>
      </div>
    </Dialog>
  );
}
