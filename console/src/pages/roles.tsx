import { useState } from 'preact/hooks';
import { api, type Schemas } from '../api/client';
import { ACCOUNT_GROUPS, describeRole, FILE_PERMISSIONS, labelOf, PROJECT_GROUPS, type DocumentPermission, type Permission,
  type PermissionGroup } from '../catalog';
import { navigate, orgPath } from '../router';
import { useAsync, useSubmit } from '../ui/hooks';
import { Empty, ErrorNote, Field, Link, Loading } from '../ui/parts';
import { useOrg, type Role } from './org-context';

type RoleRequest = Schemas['RoleRequest'];
type FilePermission = Schemas['FilePermission'];

export function RolesTab(props: { roleId?: string }) {
  return props.roleId ? <RoleEditor roleId={props.roleId} /> : <RoleList />;
}

function RoleList() {
  const org = useOrg();
  const manage = org.can('roles:manage');
  const remove = useSubmit(async (role: Role) => {
    await api.delete('/orgs/{orgId}/roles/{roleId}', { path: { orgId: org.orgId, roleId: role.id } });
    org.reloadRoles();
  });
  if (!org.can('members:view')) {
    return <Empty><p>Seeing roles needs the <code>members:view</code> permission, which your roles do not grant.</p></Empty>;
  }
  const builtIn = org.roles.filter((role) => role.builtIn);
  const custom = org.roles.filter((role) => !role.builtIn);
  const table = (roles: Role[], caption: string) => (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Description</th><th scope="col">Holders</th>
          <th scope="col">Actions</th></tr></thead>
        <tbody>
          {roles.map((role) => (
            <tr key={role.id}>
              <th scope="row"><Link href={orgPath(org.orgId, 'roles', role.id)}>{role.name}</Link></th>
              <td>{describeRole(role) || '—'}</td>
              <td>{role.users.length}</td>
              <td class="actions">
                {!role.builtIn && manage && <>
                  <button type="button" aria-label={`Edit the role ${role.name}`}
                    onClick={() => navigate(orgPath(org.orgId, 'roles', role.id))}>Edit</button>
                  <button type="button" class="danger" aria-label={`Delete the role ${role.name}`} disabled={remove.busy}
                    onClick={() => confirm(`Delete the role ${role.name}? Its ${role.users.length} holders lose it.`)
                      && remove.submit(role)}>Delete</button>
                </>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <section aria-labelledby="roles-heading">
      <div class="section-head">
        <h2 id="roles-heading">Roles</h2>
        {manage && <button type="button" class="primary" onClick={() => navigate(orgPath(org.orgId, 'roles', 'new'))}>
          Create role</button>}
      </div>
      <ErrorNote error={remove.error} prefix="Not deleted" />
      <h3>Built-in roles</h3>
      {table(builtIn, 'Built-in roles')}
      <h3>Custom roles</h3>
      {custom.length === 0 ? (
        <Empty><p>No custom roles yet. {manage ? 'Choose “Create role” to grant project, document, branch, release or environment permissions.'
          : 'Someone who may manage roles can create them.'}</p></Empty>
      ) : table(custom, 'Custom roles')}
    </section>
  );
}

const split = (text: string) => text.split(',').map((part) => part.trim()).filter(Boolean);

interface Draft {
  name: string;
  description: string;
  idpGroups: string;
  users: string[];
  allProjects: boolean;
  projects: string;
  permissions: Permission[];
  filePermissions: FilePermission[];
}

function draftOf(role: Role | undefined): Draft {
  return {
    name: role?.name ?? '',
    description: role?.description ?? '',
    idpGroups: role?.idpGroups.join(', ') ?? '',
    users: role?.users ?? [],
    allProjects: role?.allProjects ?? false,
    projects: role?.projects.join(', ') ?? '',
    permissions: role?.permissions ?? [],
    filePermissions: role?.filePermissions ?? [],
  };
}

function RoleEditor(props: { roleId: string }) {
  const org = useOrg();
  const creating = props.roleId === 'new';
  const role = useAsync(() => creating ? Promise.resolve(undefined)
    : api.get('/orgs/{orgId}/roles/{roleId}', { path: { orgId: org.orgId, roleId: props.roleId } }),
  [org.orgId, props.roleId]);
  if (role.loading) {
    return <Loading what="the role" />;
  }
  if (role.error) {
    return <ErrorNote error={role.error} prefix="The role could not be loaded" />;
  }
  return <RoleForm key={props.roleId} role={role.data} readOnly={Boolean(role.data?.builtIn) || !org.can('roles:manage')} />;
}

function RoleForm(props: { role: Role | undefined; readOnly: boolean }) {
  const org = useOrg();
  const [draft, setDraft] = useState<Draft>(draftOf(props.role));
  const update = (change: Partial<Draft>) => {
    setDraft((previous) => ({ ...previous, ...change }));
    save.setError(undefined); // an answer about the role as it was no longer applies
  };
  const holders = useAsync(() => api.get('/orgs/{orgId}/users', { path: { orgId: org.orgId },
    query: { status: 'active', limit: 100 } }), [org.orgId]);
  const save = useSubmit(async () => {
    const body: RoleRequest = {
      name: draft.name,
      description: draft.description,
      idpGroups: split(draft.idpGroups),
      users: draft.users,
      allProjects: draft.allProjects,
      projects: draft.allProjects ? [] : split(draft.projects),
      permissions: draft.permissions,
      filePermissions: draft.filePermissions,
    };
    if (props.role) {
      await api.put('/orgs/{orgId}/roles/{roleId}', { path: { orgId: org.orgId, roleId: props.role.id }, body });
    } else {
      await api.post('/orgs/{orgId}/roles', { path: { orgId: org.orgId }, body });
    }
    org.reloadRoles();
    navigate(orgPath(org.orgId, 'roles'));
  });
  const fields = save.error?.fieldErrors() ?? {};
  // a name taken (or looking like one taken) is the name's problem, though the API lists no field for it
  if (save.error?.code === 'duplicate-role-name') {
    fields.name = save.error.problem.detail;
  }
  const shownFields = ['name', 'description', 'idpGroups', 'users', 'projects', 'permissions', 'filePermissions'];
  const general = save.error && !shownFields.some((field) => fields[field]) ? save.error : undefined;
  const title = props.role ? (props.readOnly ? props.role.name : `Edit role ${props.role.name}`) : 'Create role';
  const togglePermission = (action: Permission, on: boolean) => update({ permissions: on
    ? [...draft.permissions, action] : draft.permissions.filter((p) => p !== action) });
  const setFile = (index: number, change: Partial<FilePermission>) => update({ filePermissions: draft.filePermissions
    .map((file, i) => i === index ? { ...file, ...change } : file) });
  const group = (g: PermissionGroup) => (
    <fieldset key={g.name} class="permission-group">
      <legend>{g.name}</legend>
      {g.items.map((item) => (
        <label key={item.action} class="check" title={item.action}>
          <input type="checkbox" checked={draft.permissions.includes(item.action)} disabled={props.readOnly}
            onChange={(event) => togglePermission(item.action, event.currentTarget.checked)} />
          <span>{item.label}</span> <span class="hint">{item.description}</span>
        </label>
      ))}
    </fieldset>
  );
  return (
    <section aria-labelledby="role-heading" class="role-editor">
      <p class="back"><Link href={orgPath(org.orgId, 'roles')}>← All roles</Link></p>
      <h2 id="role-heading">{title}</h2>
      {props.readOnly && props.role?.builtIn && <p class="hint">Built-in roles cannot be changed. Holders of
        “{props.role.name}”: {props.role.users.length}. It grants: {props.role.permissions.map(labelOf).join(', ')}.</p>}
      <form onSubmit={(event) => { event.preventDefault(); save.submit(); }}>
        <ErrorNote error={general} />
        <div class="form-grid">
          <Field label="Name" value={draft.name} onValue={(name) => update({ name })} required maxLength={100}
            disabled={props.readOnly} error={fields.name} />
          <Field label="Description" value={draft.description} onValue={(description) => update({ description })}
            multiline maxLength={1000} disabled={props.readOnly} error={fields.description} hint="Purpose of the role" />
          <Field label="IdP Groups" value={draft.idpGroups} onValue={(idpGroups) => update({ idpGroups })}
            disabled={props.readOnly} error={fields.idpGroups}
            hint="SSO/SAML groups whose members hold the role, separated by commas (e.g. TECH-leads, BA_analysts)" />
        </div>
        <fieldset class={`holders${fields.users ? ' has-error' : ''}`} disabled={props.readOnly}>
          <legend>Users</legend>
          <p class="hint">Members and service accounts this role is assigned to directly.</p>
          {holders.loading ? <Loading what="members" /> : holders.error ? <ErrorNote error={holders.error} /> : (
            <div class="check-columns">
              {holders.data!.items.map((row) => (
                <label key={row.id} class="check">
                  <input type="checkbox" checked={draft.users.includes(row.id)}
                    onChange={(event) => update({ users: event.currentTarget.checked ? [...draft.users, row.id]
                      : draft.users.filter((id) => id !== row.id) })} />
                  <span>{row.email ?? row.name}</span>
                </label>
              ))}
            </div>
          )}
          {fields.users && <p class="field-error" role="alert">{fields.users}</p>}
        </fieldset>
        <div class="form-grid">
          <label class="check toggle">
            <input type="checkbox" role="switch" checked={draft.allProjects} disabled={props.readOnly}
              onChange={(event) => update({ allProjects: event.currentTarget.checked })} />
            <span>All projects</span>
            <span class="hint">The project-level permissions apply to every project</span>
          </label>
          <Field label="Projects" value={draft.allProjects ? '' : draft.projects}
            onValue={(projects) => update({ projects })} disabled={props.readOnly || draft.allProjects}
            error={fields.projects} hint="Project ids the project-level permissions apply to, separated by commas" />
        </div>
        <h3>Project permissions</h3>
        <div class="permission-groups">{PROJECT_GROUPS.map(group)}</div>
        <h3>Account permissions</h3>
        <div class="permission-groups">{ACCOUNT_GROUPS.map(group)}</div>
        {fields.permissions && <p class="field-error" role="alert">{fields.permissions}</p>}
        <h3>File permissions</h3>
        <p class="hint">Document permissions on the paths of one project that match a glob: <code>*</code> within one
          segment, <code>**</code> at any depth (e.g. <code>docs/**</code>).</p>
        {draft.filePermissions.length === 0 && <p class="hint">No file permissions.</p>}
        {draft.filePermissions.map((file, index) => (
          <fieldset key={index} class="file-permission" disabled={props.readOnly}>
            <legend>File permission {index + 1}</legend>
            <Field label="Project" value={file.project} onValue={(project) => setFile(index, { project })} required />
            <Field label="Path" value={file.path} onValue={(path) => setFile(index, { path })} required />
            <div class="checks">
              {FILE_PERMISSIONS.map((item) => (
                <label key={item.action} class="check">
                  <input type="checkbox" checked={file.permissions.includes(item.action)}
                    onChange={(event) => setFile(index, { permissions: event.currentTarget.checked
                      ? [...file.permissions, item.action] : file.permissions.filter((p) => p !== item.action) as DocumentPermission[] })} />
                  <span>{item.label}</span>
                </label>
              ))}
            </div>
            {!props.readOnly && <button type="button" class="danger" onClick={() => update({ filePermissions:
              draft.filePermissions.filter((_, i) => i !== index) })}>Remove file permission {index + 1}</button>}
          </fieldset>
        ))}
        {fields.filePermissions && <p class="field-error" role="alert">{fields.filePermissions}</p>}
        {!props.readOnly && <p><button type="button" onClick={() => update({ filePermissions: [...draft.filePermissions,
          { project: '', path: '', permissions: ['documents:view-content'] }] })}>Add file permission</button></p>}
        {!props.readOnly && (
          <div class="buttons">
            <button type="button" onClick={() => navigate(orgPath(org.orgId, 'roles'))}>Cancel</button>
            <button type="submit" class="primary" disabled={save.busy}>
              {save.busy ? 'Saving…' : props.role ? 'Save role' : 'Create role'}</button>
          </div>
        )}
      </form>
    </section>
  );
}
