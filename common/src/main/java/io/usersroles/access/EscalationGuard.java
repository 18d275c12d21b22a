package io.usersroles.access;

import io.usersroles.access.CompiledRoles.CompiledFileGrant;
import io.usersroles.access.CompiledRoles.CompiledRole;
import io.usersroles.domain.DomainException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * "No escalation": a caller may grant a role only if it holds every permission the role
 * grants, with at least the same reach. Conservative where reaches are hard to compare: a file grant
 * is covered by the caller holding the actions on the whole project, or through a file grant with
 * the same glob or {@code **} on that project.
 */
public final class EscalationGuard {
  private static final String ANY_PATH = "**";

  private EscalationGuard() {}

  /**
   * Checks that {@code roleIds} name roles of {@code proposed} (else invalid) and that {@code caller},
   * holding its roles in {@code held}, holds every permission of each (else forbidden). What the
   * caller holds is judged on {@code held}, never on {@code proposed}: editing one's own role cannot
   * hand oneself more.
   */
  public static void requireGrantable(CompiledRoles held, RoleHolder caller, CompiledRoles proposed,
      List<String> roleIds) {
    List<String> unknown = new ArrayList<>();
    List<CompiledRole> wanted = new ArrayList<>();
    for (String id : new LinkedHashSet<>(roleIds)) {
      CompiledRole role = proposed.role(id);
      if (role == null) {
        unknown.add(id);
      } else {
        wanted.add(role);
      }
    }
    if (!unknown.isEmpty()) {
      throw DomainException.invalidField("roles", "unknown role(s): " + String.join(", ", unknown));
    }
    List<CompiledRole> holds = rolesOf(held, caller);
    for (CompiledRole role : wanted) {
      if (!mayGrant(holds, role)) {
        throw DomainException.forbidden("role-escalation", "You can only grant, change or take away roles whose "
            + "permissions you hold yourself; role '" + role.name + "' grants more");
      }
    }
  }

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

  /** The roles {@code holder} holds among {@code orgRoles}: assigned ones, then those of its groups. */
  static List<CompiledRole> rolesOf(CompiledRoles orgRoles, RoleHolder holder) {
    List<CompiledRole> roles = new ArrayList<>();
    if (!holder.holdsRoles()) {
      return roles;
    }
    for (String id : holder.assignedRoles()) {
      CompiledRole role = orgRoles.role(id);
      if (role != null) {
        roles.add(role);
      }
    }
    for (String group : holder.groups()) {
      roles.addAll(orgRoles.rolesOfGroup(group));
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
