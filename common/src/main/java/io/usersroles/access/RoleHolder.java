package io.usersroles.access;

import java.util.List;
import java.util.Set;

/**
 * A principal as the engine sees it in one organisation: its id, the role ids assigned to it, and
 * its IdP groups. Only active members and live service accounts hold roles; anyone else is
 * {@link #none} and is denied everything.
 */
public record RoleHolder(String principalId, boolean holdsRoles, List<String> assignedRoles, Set<String> groups) {
  public RoleHolder {
    assignedRoles = List.copyOf(assignedRoles);
    groups = Set.copyOf(groups);
  }

  /** An active member with its assigned roles and the groups of its token. */
  public static RoleHolder member(String userId, List<String> roles, Set<String> groups) {
    return new RoleHolder(userId, true, roles, groups);
  }

  /** A live service account of the org; service accounts have no IdP groups. */
  public static RoleHolder serviceAccount(String id, List<String> roles) {
    return new RoleHolder(id, true, roles, Set.of());
  }

  /** Someone who is not (or no longer) in the org: group names from another tenant grant nothing. */
  public static RoleHolder none(String principalId) {
    return new RoleHolder(principalId, false, List.of(), Set.of());
  }
}
