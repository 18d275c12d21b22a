package io.usersroles.domain;

import java.time.Instant;
import java.util.List;

/**
 * A machine principal of one organisation, with the roles assigned to it and a description for people
 * ({@code ""} when none). Its secret is never kept.
 */
public record ServiceAccount(String id, String orgId, String name, String description, List<String> roles,
    Instant createdAt, String createdBy) {
  public ServiceAccount {
    description = description == null ? "" : description;
    roles = List.copyOf(roles);
  }

  /** This account with another name, description and roles (what a change of it may set). */
  public ServiceAccount with(String newName, String newDescription, List<String> newRoles) {
    return new ServiceAccount(id, orgId, newName, newDescription, newRoles, createdAt, createdBy);
  }
}
