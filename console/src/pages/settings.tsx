import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { useSubmit } from '../ui/hooks';
import { ErrorNote, Field } from '../ui/parts';
import { useOrg } from './org-context';
import { LeaveOrganisation } from './leave';

export function SettingsTab() {
  const org = useOrg();
  const editable = org.can('account:update-profile');
  const [name, setName] = useState(org.org.name);
  const [avatarUrl, setAvatarUrl] = useState(org.org.avatarUrl ?? '');
  const [saved, setSaved] = useState(false);
  const save = useSubmit(async () => {
    const changed = await api.patch('/orgs/{orgId}', { path: { orgId: org.orgId },
      body: { name, avatarUrl: avatarUrl.trim() ? avatarUrl.trim() : null } });
    org.setOrg(changed);
    setSaved(true);
  });
  const fields = save.error?.fieldErrors() ?? {};
  return (
    <section aria-labelledby="settings-heading">
      <div class="section-head"><h2 id="settings-heading">Settings</h2></div>
      <form class="settings" onSubmit={(event) => { event.preventDefault(); setSaved(false); save.submit(); }}>
        <h3>Profile</h3>
        {!editable && <p class="hint">Changing the name and avatar needs the <code>account:update-profile</code>
          permission, which your roles do not grant.</p>}
        <ErrorNote error={save.error && !fields.name && !fields.avatarUrl ? save.error : undefined} />
        <Field label="Organisation name" value={name} onValue={setName} required maxLength={100} disabled={!editable}
          error={fields.name} />
        <Field label="Avatar URL" value={avatarUrl} onValue={setAvatarUrl} type="url" disabled={!editable}
          error={fields.avatarUrl}
          hint="An https address of the organisation's picture, shown by the products that use this organisation; empty for none." />
        {editable && <div class="buttons">
          <button type="submit" class="primary" disabled={save.busy}>{save.busy ? 'Saving…' : 'Save'}</button>
        </div>}
        <p role="status" class="hint">{saved ? 'Saved.' : ''}</p>
      </form>
      <LeaveOrganisation />
    </section>
  );
}
