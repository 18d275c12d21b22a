package io.usersroles.domain;

import java.time.Instant;
import java.util.List;

/** A machine principal of one organisation, with the roles assigned to it. Its secret is never kept. */
public record ServiceAccount(String id, String orgId, String name, List<String> roles, Instant createdAt,
    String createdBy) {
  public ServiceAccount {
    roles = List.copyOf(roles);
  }
}
