import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Schemas } from '../api/client';
import type { Session } from '../auth';
import type { Permission } from '../catalog';

export type Role = Schemas['Role'];
export type Organisation = Schemas['Organisation'];

export interface Org {
  orgId: string;
  org: Organisation;
  setOrg: (org: Organisation) => void;
  me: Session;
  /** The caller's effective permissions here (GET /orgs/{orgId}/users/{userId}/permissions about itself). */
  permissions: Schemas['EffectivePermissions'];
  /** Whether the caller may do an account-level action everywhere in the organisation. */
  can: (action: Permission) => boolean;
  /** Every role (built-in first), or empty when the caller may not see them (members:view). */
  roles: Role[];
  reloadRoles: () => void;
  roleName: (id: string) => string;
  /**
   * The Users tab's first page when the page opened on it: requested together with the organisation,
   * so the table does not wait for them in turn. Given once; null afterwards.
   */
  takeFirstUsersPage: () => Promise<Schemas['UserPage']> | null;
}

export const OrgContext = createContext<Org | null>(null);

export function useOrg(): Org {
  const org = useContext(OrgContext);
  if (!org) {
    throw new Error('useOrg outside an organisation');
  }
  return org;
}
