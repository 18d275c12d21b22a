package io.usersroles.service;

import java.time.Instant;
import java.util.List;

/**
 * What {@code GET /me} shows a person: who the token says it is, the organisations it is a member of
 * (with the roles assigned to it there) and the open invitations addressed to its verified email.
 */
public record PersonOverview(String userId, String email, String name, List<Org> orgs,
    List<OpenInvitation> invitations) {
  public PersonOverview {
    orgs = List.copyOf(orgs);
    invitations = List.copyOf(invitations);
  }

  /** An organisation the person belongs to. */
  public record Org(String orgId, String name, String avatarUrl, List<String> roles) {
    public Org {
      roles = List.copyOf(roles);
    }
  }

  /** An open invitation addressed to the person, with the name of the org it invites into. */
  public record OpenInvitation(String id, String orgId, String orgName, List<String> roles, String invitedBy,
      Instant expiresAt) {
    public OpenInvitation {
      roles = List.copyOf(roles);
    }
  }
}
