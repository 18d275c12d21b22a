package io.usersroles.domain;

import java.time.Instant;
import java.util.List;

/** A human user's membership of an organisation, with the roles assigned to them directly. */
public record Membership(String orgId, String userId, String email, String name, List<String> roles,
    Instant joinedAt) {
  public Membership {
    roles = List.copyOf(roles);
  }

  /** How the member is named to others (in invitation emails): its name, else its email, else its id. */
  public String displayName() {
    return name != null ? name : email != null ? email : userId;
  }
}
