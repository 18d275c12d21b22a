// The caller's organisations and the invitations addressed to it. The API has no route for them
// yet (GET /me is coming): until it has, the console lists the organisations this browser has
// created, joined or opened, and reads each one's name; invitations are reached by their email link.
import { api } from '../api/client';
import type { Session } from '../auth';

export interface MyOrganisation {
  orgId: string;
  name: string;
  roles: string[];
}

export interface MyInvitation {
  id: string;
  orgId: string;
  orgName: string;
  roles: string[];
  expiresAt: string;
}

export interface Me {
  orgs: MyOrganisation[];
  invitations: MyInvitation[];
  /** False while the API cannot list invitations addressed to the caller. */
  listsInvitations: boolean;
}

const key = (me: Session) => `users-and-roles.orgs.${me.userId}`;

function known(me: Session): string[] {
  try {
    return JSON.parse(localStorage.getItem(key(me)) ?? '[]') as string[];
  } catch {
    return [];
  }
}

/** Remembers an organisation the caller created, joined or opened. */
export function remember(me: Session, orgId: string): void {
  const ids = known(me).filter((id) => id !== orgId);
  localStorage.setItem(key(me), JSON.stringify([orgId, ...ids].slice(0, 200)));
}

function forget(me: Session, orgId: string): void {
  localStorage.setItem(key(me), JSON.stringify(known(me).filter((id) => id !== orgId)));
}

export async function loadMe(me: Session): Promise<Me> {
  const orgs: MyOrganisation[] = [];
  for (const orgId of known(me)) {
    try {
      const org = await api.get('/orgs/{orgId}', { path: { orgId } });
      orgs.push({ orgId, name: org.name, roles: [] });
    } catch (failure) {
      if ((failure as { status?: number }).status === 404) {
        forget(me, orgId);
      } else {
        throw failure;
      }
    }
  }
  orgs.sort((a, b) => a.name.localeCompare(b.name));
  return { orgs, invitations: [], listsInvitations: false };
}

export async function acceptInvitation(invitation: MyInvitation): Promise<string> {
  return invitation.orgId;
}

export async function declineInvitation(_invitation: MyInvitation): Promise<void> {
  return undefined;
}

/** Leaving: not possible over the API yet. */
export const canLeave = false;
