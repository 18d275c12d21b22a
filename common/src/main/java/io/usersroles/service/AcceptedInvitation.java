package io.usersroles.service;

import java.util.List;

/** The result of accepting an invitation: the org joined, as whom, with which roles. */
public record AcceptedInvitation(String orgId, String userId, List<String> roles) {
  public AcceptedInvitation {
    roles = List.copyOf(roles);
  }
}
