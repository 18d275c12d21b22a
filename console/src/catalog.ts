// The permission categories as the product pages show them, with their labels: the project-level
// ones of the "Users & Roles" page, then the account-level ones grouped as the "Managing users" page
// groups the settings. Every action of the catalog (docs/permissions.md) is in exactly one group.
import type { Schemas } from './api/client';

export type Permission = Schemas['Permission'];
export type DocumentPermission = Schemas['DocumentPermission'];

export interface PermissionGroup {
  readonly name: string;
  readonly level: 'project' | 'account';
  readonly items: readonly { readonly action: Permission; readonly label: string; readonly description: string }[];
}

export const PROJECT_GROUPS = [
  { name: 'Project', level: 'project', items: [
    { action: 'project:admin', label: 'Project Admin', description: 'Full project access' },
    { action: 'project:manage', label: 'Project Manage', description: 'Members, groups, tokens, approvers, configuration' },
  ] },
  { name: 'Documents (v1 projects)', level: 'project', items: [
    { action: 'documents:full', label: 'Full', description: 'Create, update, delete, move, copy, restore, graph content' },
    { action: 'documents:edit-content', label: 'Edit Content', description: 'Update graph content' },
    { action: 'documents:view-content', label: 'View Content', description: 'View graph content only' },
    { action: 'documents:edit-view', label: 'Edit View', description: 'Update view content only' },
  ] },
  { name: 'Branches (v2 projects)', level: 'project', items: [
    { action: 'branches:create', label: 'Create', description: 'Create new branches' },
    { action: 'branches:merge', label: 'Merge', description: 'Merge branches' },
    { action: 'branches:delete', label: 'Delete', description: 'Delete branches' },
  ] },
  { name: 'Releases', level: 'project', items: [
    { action: 'releases:manage', label: 'Manage', description: 'Create and edit releases' },
    { action: 'releases:deploy', label: 'Deploy', description: 'Deploy releases to environments' },
    { action: 'releases:delete', label: 'Delete', description: 'Remove releases' },
  ] },
  { name: 'Environments', level: 'project', items: [
    { action: 'environments:manage', label: 'Manage', description: 'Create, update, configure approvers' },
    { action: 'environments:delete', label: 'Delete', description: 'Remove environments' },
  ] },
] as const satisfies readonly PermissionGroup[];

export const ACCOUNT_GROUPS = [
  { name: 'Account settings', level: 'account', items: [
    { action: 'account:update-profile', label: 'Change name and avatar', description: "Change the organisation's name and avatar" },
    { action: 'account:update-settings', label: 'Account settings', description: 'Such as when ephemeral environments are created and destroyed' },
    { action: 'github:update-settings', label: 'GitHub settings', description: 'Such as whether comments are posted on pull requests' },
  ] },
  { name: 'Members', level: 'account', items: [
    { action: 'members:view', label: 'View members', description: 'Users, service accounts, roles and invitations, email addresses included' },
    { action: 'members:invite', label: 'Invite', description: 'Invite people, resend or cancel invitations' },
    { action: 'members:remove', label: 'Remove', description: 'Remove a member' },
    { action: 'members:update-role', label: 'Change roles', description: 'Change the roles assigned to a member' },
    { action: 'roles:manage', label: 'Manage roles', description: 'Create, change and delete custom roles' },
    { action: 'service-accounts:manage', label: 'Manage service accounts', description: 'Create, rotate and delete service accounts' },
    { action: 'permissions:check', label: 'Check for others', description: 'Ask a check on behalf of another principal' },
    { action: 'audit:view', label: 'View the audit log', description: 'Who changed access, and when: the audit events' },
  ] },
  { name: 'Build settings', level: 'account', items: [
    { action: 'build-args:view', label: 'View build arguments', description: 'See build arguments' },
    { action: 'build-args:edit', label: 'Edit build arguments', description: 'Change build arguments' },
    { action: 'build-args:delete', label: 'Delete build arguments', description: 'Delete build arguments' },
  ] },
  { name: 'Integrations', level: 'account', items: [
    { action: 'integrations:add', label: 'Add integrations', description: 'Add an integration' },
    { action: 'integrations:remove', label: 'Remove integrations', description: 'Remove an integration' },
    { action: 'cloud-providers:create', label: 'Add cloud providers', description: 'Add a cloud provider integration' },
    { action: 'cloud-providers:remove', label: 'Remove cloud providers', description: 'Remove a cloud provider integration' },
    { action: 'domains:add', label: 'Add domains', description: 'Add a domain' },
    { action: 'domains:verify', label: 'Verify domains', description: 'Verify a domain' },
    { action: 'domains:delete', label: 'Delete domains', description: 'Delete a domain' },
  ] },
  { name: 'Clusters', level: 'account', items: [
    { action: 'clusters:create', label: 'Create clusters', description: 'Create a cluster' },
    { action: 'clusters:set-default', label: 'Set the default cluster', description: 'Choose the default cluster' },
    { action: 'node-groups:add', label: 'Add node groups', description: 'Add a node group to a cluster' },
    { action: 'node-groups:edit', label: 'Edit node groups', description: 'Change an existing node group' },
    { action: 'clusters:upgrade', label: 'Upgrade clusters', description: 'Upgrade an existing cluster' },
    { action: 'clusters:remove', label: 'Remove clusters', description: 'Remove a cluster' },
  ] },
  { name: 'Datasets and environment handles', level: 'account', items: [
    { action: 'datasets:create', label: 'Create datasets', description: 'Create a dataset' },
    { action: 'environment-handles:create', label: 'Create environment handles', description: 'Create an environment handle' },
    { action: 'environment-handles:duplicate', label: 'Duplicate environment handles', description: 'Duplicate an environment handle' },
    { action: 'environment-handles:delete', label: 'Delete environment handles', description: 'Delete an environment handle' },
  ] },
  { name: 'Projects and environments', level: 'account', items: [
    { action: 'projects:destructive', label: 'Destructive project settings', description: 'Delete a project or change its destructive settings' },
    { action: 'logs:view', label: 'Logs', description: 'See the logs of the services of an environment' },
    { action: 'terminal:access', label: 'Terminal', description: 'Open a terminal on the services of an environment' },
  ] },
] as const satisfies readonly PermissionGroup[];

type Grouped = (typeof PROJECT_GROUPS | typeof ACCOUNT_GROUPS)[number]['items'][number]['action'];
/** Compiles only while every action of the API's catalog is in a group (a new one must be placed). */
const everyActionGrouped: [Exclude<Permission, Grouped>] extends [never] ? true : Exclude<Permission, Grouped> = true;
void everyActionGrouped;

export const FILE_PERMISSIONS: { action: DocumentPermission; label: string }[] = [
  { action: 'documents:full', label: 'Full' },
  { action: 'documents:edit-content', label: 'Edit Content' },
  { action: 'documents:view-content', label: 'View Content' },
  { action: 'documents:edit-view', label: 'Edit View' },
];

export function labelOf(action: Permission): string {
  for (const group of [...PROJECT_GROUPS, ...ACCOUNT_GROUPS] as readonly PermissionGroup[]) {
    const item = group.items.find((i) => i.action === action);
    if (item) {
      return group.level === 'project' && group.name !== 'Project' ? `${group.name.replace(/ \(.*\)$/, '')}: ${item.label}`
        : item.label;
    }
  }
  return action;
}

/** What a role is for: a custom role's description; for a built-in role, what the product pages say of it. */
export function describeRole(role: { id: string; builtIn: boolean; description: string }): string {
  if (!role.builtIn) {
    return role.description;
  }
  return role.id === 'owner' ? 'Every permission, on every project'
    : role.id === 'member' ? 'Most settings; destructive project settings, logs and terminals of their own only'
      : role.id === 'instance_accessor' ? 'Member, plus the logs and terminal of every environment' : role.description;
}
