package io.usersroles.access;

import java.util.List;
import java.util.Set;

/**
 * A role an organisation defines. Who holds it is not part of the role: direct assignments
 * live on memberships and service accounts ({@code users} in the API is derived from them), and
 * {@code idpGroups} grant it to active members whose token carries one of the groups.
 */
public record CustomRole(String id, String name, String description, List<String> idpGroups, boolean allProjects,
    List<String> projects, Set<Action> permissions, List<FilePermission> filePermissions) {
  public CustomRole {
    idpGroups = List.copyOf(idpGroups);
    projects = List.copyOf(projects);
    permissions = Set.copyOf(permissions);
    filePermissions = List.copyOf(filePermissions);
  }
}
