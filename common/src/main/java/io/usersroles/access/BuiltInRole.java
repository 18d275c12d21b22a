package io.usersroles.access;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The three built-in roles and what each grants (docs/permissions.md). Their ids are also their names;
 * they cannot be changed or deleted.
 */
public enum BuiltInRole {
  OWNER("owner", EnumSet.allOf(Action.class), EnumSet.noneOf(Action.class)),
  MEMBER("member", Grants.MEMBER_ALWAYS, EnumSet.of(Action.PROJECTS_DESTRUCTIVE, Action.LOGS_VIEW, Action.TERMINAL_ACCESS)),
  INSTANCE_ACCESSOR("instance_accessor", Grants.instanceAccessorAlways(), EnumSet.of(Action.PROJECTS_DESTRUCTIVE));

  private final String id;
  private final Set<Action> always;
  private final Set<Action> ownOnly;

  BuiltInRole(String id, Set<Action> always, Set<Action> ownOnly) {
    this.id = id;
    this.always = always;
    this.ownOnly = ownOnly;
  }

  public String id() {
    return id;
  }

  /** Actions granted whatever the resource (for the owner: every project-level action on every project too). */
  public Set<Action> always() {
    return EnumSet.copyOf(always);
  }

  /**
   * Actions granted only on the principal's own resources: the project's {@code ownerId} or the
   * environment's {@code creatorId} must be the principal.
   */
  public Set<Action> ownOnly() {
    return ownOnly.isEmpty() ? EnumSet.noneOf(Action.class) : EnumSet.copyOf(ownOnly);
  }

  /** Whether {@code id} names a built-in role (which always exists). */
  public static boolean isBuiltIn(String id) {
    return fromId(id).isPresent();
  }

  public static Optional<BuiltInRole> fromId(String id) {
    for (BuiltInRole role : values()) {
      if (role.id.equals(id)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }

  /** The member's table column, shared by instance_accessor. */
  private static final class Grants {
    static final Set<Action> MEMBER_ALWAYS = EnumSet.of(
        Action.ACCOUNT_UPDATE_SETTINGS, Action.GITHUB_UPDATE_SETTINGS, Action.MEMBERS_VIEW,
        Action.BUILD_ARGS_VIEW, Action.BUILD_ARGS_EDIT, Action.BUILD_ARGS_DELETE, Action.INTEGRATIONS_ADD,
        Action.DOMAINS_ADD, Action.DOMAINS_VERIFY, Action.DOMAINS_DELETE, Action.CLUSTERS_CREATE,
        Action.CLOUD_PROVIDERS_CREATE, Action.CLUSTERS_SET_DEFAULT, Action.NODE_GROUPS_ADD, Action.NODE_GROUPS_EDIT,
        Action.DATASETS_CREATE, Action.ENVIRONMENT_HANDLES_CREATE, Action.ENVIRONMENT_HANDLES_DUPLICATE,
        Action.ENVIRONMENT_HANDLES_DELETE);

    static Set<Action> instanceAccessorAlways() {
      Set<Action> actions = EnumSet.copyOf(MEMBER_ALWAYS);
      actions.add(Action.LOGS_VIEW);
      actions.add(Action.TERMINAL_ACCESS);
      return actions;
    }

    private Grants() {}
  }
}
