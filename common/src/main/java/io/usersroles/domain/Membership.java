package io.usersroles.domain;

import java.time.Instant;
import java.util.List;

/**
 * A human user's membership of an organisation, with the roles assigned to them directly. The name
 * is the one the identity provider gave, cleaned by {@link Text#personName}: here, so that neither a
 * new membership nor one stored before that rule existed is listed or emailed with control
 * characters in its name.
 */
public record Membership(String orgId, String userId, String email, String name, List<String> roles,
    Instant joinedAt) {
  public Membership {
    roles = List.copyOf(roles);
    name = name == null || !Text.isWellFormed(name) ? null : Text.personName(name);
  }

  /** How the member is named to others (in invitation emails): its name, else its email, else its id. */
  public String displayName() {
    return name != null ? name : email != null ? email : userId;
  }
}
