package io.usersroles.access;

import io.usersroles.access.CompiledRoles.CompiledFileGrant;
import io.usersroles.access.CompiledRoles.CompiledRole;
import java.util.List;
import java.util.Optional;

/**
 * Decides checks (docs/permissions.md): allowed iff some role the principal holds grants the action, after
 * implications, on the resource. Deny by default. Pure: no I/O, no allocation beyond the answer on the
 * hot path, so one engine serves every request.
 */
@javax.inject.Singleton
public final class PermissionEngine {
  @javax.inject.Inject
  public PermissionEngine() {}

  /** Decides one validated check for {@code holder} against the org's {@code roles}. */
  public Decision decide(CompiledRoles roles, RoleHolder holder, Check check) {
    if (!holder.holdsRoles()) {
      return Decision.deny("the principal holds no roles in this organisation");
    }
    for (String roleId : holder.assignedRoles()) {
      CompiledRole role = roles.role(roleId);
      if (role != null && grants(role, holder.principalId(), check)) {
        return Decision.allow(role.assignedReason(check.action().bit()));
      }
    }
    for (String group : holder.groups()) {
      for (CompiledRole role : roles.rolesOfGroup(group)) {
        if (grants(role, holder.principalId(), check)) {
          return Decision.allow(grantedBy(role, check, "through IdP group '" + group + "'"));
        }
      }
    }
    return Decision.deny(nothingGrants(check));
  }

  /** Whether {@code holder} holds {@code action} org-wide (for account-level actions: regardless of owners). */
  public boolean holdsEverywhere(CompiledRoles roles, RoleHolder holder, Action action) {
    return decide(roles, holder, Check.of(action)).allowed();
  }

  static boolean grants(CompiledRole role, String principalId, Check check) {
    long bit = check.action().bit();
    if ((role.everywhere & bit) != 0) {
      return true;
    }
    Resource resource = check.resource();
    if (check.action().level() == Action.Level.ACCOUNT) {
      if ((role.ownedProjects & bit) != 0 && resource.ownerId().filter(principalId::equals).isPresent()) {
        return true;
      }
      return (role.createdEnvironments & bit) != 0 && resource.creatorId().filter(principalId::equals).isPresent();
    }
    if ((role.allProjects & bit) != 0) {
      return true;
    }
    String project = resource.project().orElseThrow();
    Long onProject = role.byProject.get(project);
    if (onProject != null && (onProject & bit) != 0) {
      return true;
    }
    if (check.pathSegments() != null) {
      List<CompiledFileGrant> grants = role.files.get(project);
      if (grants != null) {
        for (CompiledFileGrant grant : grants) {
          if ((grant.actions() & bit) != 0 && grant.glob().matches(check.pathSegments())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static String grantedBy(CompiledRole role, Check check, String how) {
    return CompiledRole.grantedBy(role.builtIn, role.name, how, role.ownershipClause(check.action().bit()));
  }

  private static String nothingGrants(Check check) {
    Optional<String> project = check.resource().project();
    String where = check.action().level() == Action.Level.PROJECT
        ? " on project '" + project.orElse("") + "'" + check.resource().path().map(p -> " path '" + p + "'").orElse("")
        : "";
    return "no role of the principal grants " + check.action().wireName() + where;
  }
}
