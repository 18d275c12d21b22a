package io.usersroles.access;

import io.usersroles.access.RoleCatalog.CompiledFileGrant;
import io.usersroles.access.RoleCatalog.CompiledRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * "No escalation" (SPEC §3): a caller may grant a role only if it holds every permission the role
 * grants, with at least the same reach. Conservative where reaches are hard to compare: a file grant
 * is covered by the caller holding the actions on the whole project, or through a file grant with
 * the same glob or {@code **} on that project.
 */
final class EscalationGuard {
  private static final String ANY_PATH = "**";

  private EscalationGuard() {}

  /** Whether the caller, holding {@code held}, may grant {@code wanted}. */
  static boolean mayGrant(List<CompiledRole> held, CompiledRole wanted) {
    long everywhere = 0;
    long owned = 0;
    long created = 0;
    for (CompiledRole role : held) {
      everywhere |= role.everywhere | role.allProjects;
      owned |= role.ownedProjects;
      created |= role.createdEnvironments;
    }
    if (((wanted.everywhere | wanted.allProjects) & ~everywhere) != 0
        || (wanted.ownedProjects & ~(everywhere | owned)) != 0
        || (wanted.createdEnvironments & ~(everywhere | created)) != 0) {
      return false;
    }
    for (Map.Entry<String, Long> project : wanted.byProject.entrySet()) {
      if ((project.getValue() & ~(everywhere | onProject(held, project.getKey()))) != 0) {
        return false;
      }
    }
    for (Map.Entry<String, List<CompiledFileGrant>> files : wanted.files.entrySet()) {
      long onProject = everywhere | onProject(held, files.getKey());
      for (CompiledFileGrant grant : files.getValue()) {
        long covered = onProject | onSameFiles(held, files.getKey(), grant.glob().source());
        if ((grant.actions() & ~covered) != 0) {
          return false;
        }
      }
    }
    return true;
  }

  /** The roles {@code holder} holds in {@code catalog}: assigned ones, then those of its groups. */
  static List<CompiledRole> rolesOf(RoleCatalog catalog, RoleHolder holder) {
    List<CompiledRole> roles = new ArrayList<>();
    if (!holder.holdsRoles()) {
      return roles;
    }
    for (String id : holder.assignedRoles()) {
      CompiledRole role = catalog.role(id);
      if (role != null) {
        roles.add(role);
      }
    }
    for (String group : holder.groups()) {
      roles.addAll(catalog.rolesOfGroup(group));
    }
    return roles;
  }

  private static long onProject(List<CompiledRole> held, String project) {
    long bits = 0;
    for (CompiledRole role : held) {
      bits |= role.byProject.getOrDefault(project, 0L);
    }
    return bits;
  }

  private static long onSameFiles(List<CompiledRole> held, String project, String glob) {
    long bits = 0;
    for (CompiledRole role : held) {
      for (CompiledFileGrant grant : role.files.getOrDefault(project, List.of())) {
        if (grant.glob().source().equals(glob) || grant.glob().source().equals(ANY_PATH)) {
          bits |= grant.actions();
        }
      }
    }
    return bits;
  }
}
