package io.usersroles.access;

import io.usersroles.access.CompiledRoles.CompiledFileGrant;
import io.usersroles.access.CompiledRoles.CompiledRole;
import io.usersroles.access.CompiledRoles.FileGrants;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Decides checks (docs/permissions.md): allowed iff some role the principal holds grants the action, after
 * implications, on the resource. Deny by default. Pure: no I/O, no allocation beyond the answer on the
 * hot path, so one engine serves every request.
 */
@javax.inject.Singleton
public final class PermissionEngine {
  @javax.inject.Inject
  public PermissionEngine() {}

  /** The answer to anyone who holds no roles here: one shared decision, its reason written. */
  private static final Decision HOLDS_NO_ROLES = Decision.deny("the principal holds no roles in this organisation");

  /** Decides one validated check for {@code holder} against the org's {@code roles}. */
  public Decision decide(CompiledRoles roles, RoleHolder holder, Check check) {
    if (!holder.holdsRoles()) {
      return HOLDS_NO_ROLES;
    }
    // The holder's roles and the check are read first, before any branch on either: they are most often not in the
    // processor's cache, and reading them side by side waits for memory once rather than three or four times.
    List<String> assigned = holder.assignedRoles();
    int n = assigned.size();
    String[] path = check.pathSegments();
    long bit = check.action().bit();
    GlobSet.Matcher files = path == null ? null : GlobSet.Matcher.begin(roles, path);
    // indexed lists: this is every check's hot path, and an iterator per list showed in its profile
    for (int i = 0; i < n; i++) {
      CompiledRole role = roles.role(assigned.get(i));
      if (role != null && grants(role, holder.principalId(), check, bit, files)) {
        return role.assignedAllow(bit);
      }
    }
    Set<String> groups = holder.groups();
    if (!groups.isEmpty()) { // most principals have none: no iterator then
      for (String group : groups) {
        List<CompiledRole> ofGroup = roles.rolesOfGroup(group);
        for (int i = 0, m = ofGroup.size(); i < m; i++) {
          CompiledRole role = ofGroup.get(i);
          if (grants(role, holder.principalId(), check, bit, files)) {
            return Decision.allow(() -> grantedBy(role, check, "through IdP group '" + group + "'"));
          }
        }
      }
    }
    return Decision.nothingGrants(check);
  }

  /** Whether {@code holder} holds {@code action} org-wide (for account-level actions: regardless of owners). */
  public boolean holdsEverywhere(CompiledRoles roles, RoleHolder holder, Action action) {
    return decide(roles, holder, Check.of(action)).allowed();
  }

  /**
   * Everything {@code holder} may do, read off the same roles {@link #decide} reads (its assigned roles,
   * then those of its groups): allowed by {@code decide} exactly when the answer says so (see
   * {@link EffectivePermissions}).
   */
  public EffectivePermissions effective(CompiledRoles roles, RoleHolder holder) {
    if (!holder.holdsRoles()) {
      return EffectivePermissions.none();
    }
    Map<String, CompiledRole> held = new LinkedHashMap<>();
    for (String roleId : holder.assignedRoles()) {
      CompiledRole role = roles.role(roleId);
      if (role != null) {
        held.putIfAbsent(role.id, role);
      }
    }
    for (String group : holder.groups()) {
      for (CompiledRole role : roles.rolesOfGroup(group)) {
        held.putIfAbsent(role.id, role);
      }
    }
    long everywhere = 0;
    long owned = 0;
    Map<String, Long> byProject = new TreeMap<>();
    Map<String, Map<String, Long>> files = new TreeMap<>(); // project -> glob -> actions
    for (CompiledRole role : held.values()) {
      everywhere |= role.everywhere | role.allProjects;
      owned |= role.ownedProjects | role.createdEnvironments;
      role.byProject.forEach((project, bits) -> byProject.merge(project, bits, (a, b) -> a | b));
      role.files.forEach((project, grants) -> {
        Map<String, Long> globs = files.computeIfAbsent(project, p -> new TreeMap<>());
        for (CompiledFileGrant grant : grants) {
          globs.merge(grant.glob().source(), grant.actions(), (a, b) -> a | b);
        }
      });
    }
    long allProjects = everywhere & Action.PROJECT_LEVEL_BITS;
    SortedMap<String, List<Action>> projects = new TreeMap<>();
    byProject.forEach((project, bits) -> {
      if ((bits & ~allProjects) != 0) {
        projects.put(project, actions(bits & ~allProjects));
      }
    });
    List<EffectivePermissions.FileGrant> fileGrants = new ArrayList<>();
    files.forEach((project, globs) -> {
      long onProject = allProjects | byProject.getOrDefault(project, 0L);
      globs.forEach((glob, bits) -> {
        if ((bits & ~onProject) != 0) {
          fileGrants.add(new EffectivePermissions.FileGrant(project, glob, actions(bits & ~onProject)));
        }
      });
    });
    long account = everywhere & ~Action.PROJECT_LEVEL_BITS;
    return new EffectivePermissions(held.keySet().stream().sorted().toList(), actions(account), actions(allProjects),
        projects, fileGrants, actions(owned & ~account));
  }

  /** The actions of a bit set, sorted by wire name. */
  private static List<Action> actions(long bits) {
    List<Action> actions = new ArrayList<>(Long.bitCount(bits));
    for (Action action : Action.values()) {
      if ((bits & action.bit()) != 0) {
        actions.add(action);
      }
    }
    actions.sort(Comparator.comparing(Action::wireName));
    return actions;
  }

  /**
   * Whether {@code role} grants the check, whose action is {@code bit}; {@code files} matches its path, if it names
   * one.
   */
  static boolean grants(CompiledRole role, String principalId, Check check, long bit, GlobSet.Matcher files) {
    if ((role.everywhere & bit) != 0) {
      return true;
    }
    Resource resource = check.resource();
    if (check.action().level() == Action.Level.ACCOUNT) {
      // no method reference to principalId::equals: it would allocate (equals(null) is false, as filter's was)
      if ((role.ownedProjects & bit) != 0 && principalId.equals(resource.ownerId().orElse(null))) {
        return true;
      }
      return (role.createdEnvironments & bit) != 0 && principalId.equals(resource.creatorId().orElse(null));
    }
    if ((role.allProjects & bit) != 0) {
      return true;
    }
    String project = resource.project().orElseThrow();
    int slot = role.slotOf(project, project.hashCode());
    if (slot < 0) {
      return false;
    }
    if ((role.projectActions[slot] & bit) != 0) {
      return true;
    }
    FileGrants grants = role.projectFiles[slot];
    if (grants != null && files != null) {
      long[] actions = grants.actions;
      for (int i = 0; i < actions.length; i++) {
        if ((actions[i] & bit) != 0 && files.matches(grants, i)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String grantedBy(CompiledRole role, Check check, String how) {
    return CompiledRole.grantedBy(role.builtIn, role.name, how, role.ownershipClause(check.action().bit()));
  }

  /** The reason of {@link Decision#nothingGrants}. */
  static String nothingGrants(Check check) {
    Optional<String> project = check.resource().project();
    String where = check.action().level() == Action.Level.PROJECT
        ? " on project '" + project.orElse("") + "'" + check.resource().path().map(p -> " path '" + p + "'").orElse("")
        : "";
    return "no role of the principal grants " + check.action().wireName() + where;
  }
}
