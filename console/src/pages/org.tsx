import { useMemo, useRef, useState } from 'preact/hooks';
import { api, type Schemas } from '../api/client';
import type { Session } from '../auth';
import type { Permission } from '../catalog';
import { navigate, orgPath, type OrgTab } from '../router';
import { useAsync } from '../ui/hooks';
import { ErrorNote, Link, Loading, Tabs } from '../ui/parts';
import { AuditLogTab } from './audit';
import { InvitationsTab } from './invitations';
import { OrgContext, type Org, type Organisation, type Role } from './org-context';
import { RolesTab } from './roles';
import { ServiceAccountsTab } from './service-accounts';
import { SettingsTab } from './settings';
import { USERS_PAGE, UsersTab } from './users';

const TABS: { id: OrgTab; label: string }[] = [
  { id: 'users', label: 'Users' },
  { id: 'invitations', label: 'Invitations' },
  { id: 'roles', label: 'Roles' },
  { id: 'service-accounts', label: 'Service accounts' },
  { id: 'audit-log', label: 'Audit log' },
  { id: 'settings', label: 'Settings' },
];

/** Reads every page of the roles (at most 103: the built-in three and 100 custom). */
async function allRoles(orgId: string): Promise<Role[]> {
  const roles: Role[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.get('/orgs/{orgId}/roles', { path: { orgId }, query: { limit: 100, cursor } });
    roles.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return roles;
}

export function OrgPage(props: { me: Session; orgId: string; tab: OrgTab; status?: string; roleId?: string }) {
  const { orgId, me } = props;
  // undefined until the page first renders; then the request, or null once taken (or not made)
  const firstUsersPage = useRef<Promise<Schemas['UserPage']> | null | undefined>(undefined);
  if (firstUsersPage.current === undefined) {
    firstUsersPage.current = props.tab === 'users'
      ? api.get('/orgs/{orgId}/users', { path: { orgId }, query: { limit: USERS_PAGE } }) : null;
    firstUsersPage.current?.catch(() => undefined); // a refusal is shown when the tab asks again
  }
  // the organisation, the caller's own effective permissions (they decide what the page offers) and
  // the roles (to name them), read at once; the roles need members:view, so a 403 there is no roles
  const base = useAsync(() => Promise.all([
    api.get('/orgs/{orgId}', { path: { orgId } }),
    api.get('/orgs/{orgId}/users/{userId}/permissions', { path: { orgId, userId: me.userId } }),
    allRoles(orgId).catch((failure: unknown) => {
      if ((failure as { status?: number }).status === 403) {
        return [] as Role[];
      }
      throw failure;
    }),
  ]), [orgId, me.userId]);
  const [renamed, setRenamed] = useState<Organisation | null>(null);
  const [reloaded, setReloaded] = useState<Role[] | null>(null);
  const org = useMemo<Org | null>(() => {
    if (!base.data) {
      return null;
    }
    const [profile, permissions, initialRoles] = base.data;
    const roles = reloaded ?? initialRoles;
    const byId = new Map(roles.map((role) => [role.id, role.name]));
    return {
      orgId,
      org: renamed ?? profile,
      setOrg: setRenamed,
      me,
      permissions,
      can: (action: Permission) => permissions.account.includes(action),
      roles,
      reloadRoles: () => { allRoles(orgId).then(setReloaded, () => undefined); },
      roleName: (id: string) => byId.get(id) ?? id,
      takeFirstUsersPage: () => {
        const page = firstUsersPage.current ?? null;
        firstUsersPage.current = null;
        return page;
      },
    };
  }, [base.data, reloaded, renamed, orgId, me]);

  if (base.loading && !base.data) {
    return <main id="main"><Loading what="the organisation" /></main>;
  }
  if (base.error || !org) {
    return (
      <main id="main">
        <h1>Organisation</h1>
        <ErrorNote error={base.error} prefix="This organisation could not be opened" />
        <p><Link href="/">Back to your organisations</Link></p>
      </main>
    );
  }
  const tab = props.tab;
  return (
    <OrgContext.Provider value={org}>
      <main id="main">
        <p class="back"><Link href="/">← Organisations</Link></p>
        <h1>{org.org.name}</h1>
        <Tabs label="Organisation" idPrefix="org" selected={tab}
          items={TABS.filter((t) => t.id !== 'audit-log' || org.can('audit:view') || tab === 'audit-log')
            .map((t) => ({ id: t.id, label: t.label, href: orgPath(orgId, t.id) }))}
          onSelect={(item) => navigate(item.href)}>
          {tab === 'users' ? <UsersTab />
            : tab === 'invitations' ? <InvitationsTab status={props.status} />
              : tab === 'roles' ? <RolesTab roleId={props.roleId} />
                : tab === 'service-accounts' ? <ServiceAccountsTab />
                  : tab === 'audit-log' ? <AuditLogTab />
                    : <SettingsTab key={org.org.orgId} />}
        </Tabs>
      </main>
    </OrgContext.Provider>
  );
}
