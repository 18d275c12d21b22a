// The caller's organisations and the invitations addressed to it (GET /me), and what it does with
// them: accept or decline an invitation by its id, leave an organisation.
import { api, type Schemas } from '../api/client';

export type Me = Schemas['Me'];
export type MyInvitation = Schemas['MyInvitation'];

export function loadMe(): Promise<Me> {
  return api.get('/me');
}

/** Accepts; answers the organisation joined. */
export async function acceptInvitation(invitation: MyInvitation): Promise<string> {
  const joined = await api.post('/me/invitations/{invitationId}/accept', { path: { invitationId: invitation.id } });
  return joined.orgId;
}

export async function declineInvitation(invitation: MyInvitation): Promise<void> {
  await api.post('/me/invitations/{invitationId}/decline', { path: { invitationId: invitation.id } });
}

export async function leaveOrganisation(orgId: string): Promise<void> {
  await api.post('/orgs/{orgId}/leave', { path: { orgId } });
}

/** A role as a person's own list shows it: built-in roles by name, custom roles (ids only here) as such. */
export function roleLabel(id: string): string {
  return id === 'owner' || id === 'member' || id === 'instance_accessor' ? id : 'a custom role';
}
