package io.usersroles.access;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Every action of the permission catalog (docs/permissions.md), by its wire name. */
public enum Action {
  ACCOUNT_UPDATE_PROFILE("account:update-profile", Level.ACCOUNT),
  ACCOUNT_UPDATE_SETTINGS("account:update-settings", Level.ACCOUNT),
  GITHUB_UPDATE_SETTINGS("github:update-settings", Level.ACCOUNT),
  MEMBERS_VIEW("members:view", Level.ACCOUNT),
  MEMBERS_INVITE("members:invite", Level.ACCOUNT),
  MEMBERS_REMOVE("members:remove", Level.ACCOUNT),
  MEMBERS_UPDATE_ROLE("members:update-role", Level.ACCOUNT),
  ROLES_MANAGE("roles:manage", Level.ACCOUNT),
  SERVICE_ACCOUNTS_MANAGE("service-accounts:manage", Level.ACCOUNT),
  PERMISSIONS_CHECK("permissions:check", Level.ACCOUNT),
  AUDIT_VIEW("audit:view", Level.ACCOUNT),
  BUILD_ARGS_VIEW("build-args:view", Level.ACCOUNT),
  BUILD_ARGS_EDIT("build-args:edit", Level.ACCOUNT),
  BUILD_ARGS_DELETE("build-args:delete", Level.ACCOUNT),
  INTEGRATIONS_ADD("integrations:add", Level.ACCOUNT),
  INTEGRATIONS_REMOVE("integrations:remove", Level.ACCOUNT),
  CLOUD_PROVIDERS_REMOVE("cloud-providers:remove", Level.ACCOUNT),
  CLUSTERS_REMOVE("clusters:remove", Level.ACCOUNT),
  DOMAINS_ADD("domains:add", Level.ACCOUNT),
  DOMAINS_VERIFY("domains:verify", Level.ACCOUNT),
  DOMAINS_DELETE("domains:delete", Level.ACCOUNT),
  CLUSTERS_CREATE("clusters:create", Level.ACCOUNT),
  CLOUD_PROVIDERS_CREATE("cloud-providers:create", Level.ACCOUNT),
  CLUSTERS_SET_DEFAULT("clusters:set-default", Level.ACCOUNT),
  NODE_GROUPS_ADD("node-groups:add", Level.ACCOUNT),
  NODE_GROUPS_EDIT("node-groups:edit", Level.ACCOUNT),
  CLUSTERS_UPGRADE("clusters:upgrade", Level.ACCOUNT),
  DATASETS_CREATE("datasets:create", Level.ACCOUNT),
  ENVIRONMENT_HANDLES_CREATE("environment-handles:create", Level.ACCOUNT),
  ENVIRONMENT_HANDLES_DUPLICATE("environment-handles:duplicate", Level.ACCOUNT),
  ENVIRONMENT_HANDLES_DELETE("environment-handles:delete", Level.ACCOUNT),
  PROJECTS_DESTRUCTIVE("projects:destructive", Level.ACCOUNT),
  LOGS_VIEW("logs:view", Level.ACCOUNT),
  TERMINAL_ACCESS("terminal:access", Level.ACCOUNT),

  PROJECT_ADMIN("project:admin", Level.PROJECT),
  PROJECT_MANAGE("project:manage", Level.PROJECT),
  DOCUMENTS_FULL("documents:full", Level.PROJECT),
  DOCUMENTS_EDIT_CONTENT("documents:edit-content", Level.PROJECT),
  DOCUMENTS_VIEW_CONTENT("documents:view-content", Level.PROJECT),
  DOCUMENTS_EDIT_VIEW("documents:edit-view", Level.PROJECT),
  BRANCHES_CREATE("branches:create", Level.PROJECT),
  BRANCHES_MERGE("branches:merge", Level.PROJECT),
  BRANCHES_DELETE("branches:delete", Level.PROJECT),
  RELEASES_MANAGE("releases:manage", Level.PROJECT),
  RELEASES_DEPLOY("releases:deploy", Level.PROJECT),
  RELEASES_DELETE("releases:delete", Level.PROJECT),
  ENVIRONMENTS_MANAGE("environments:manage", Level.PROJECT),
  ENVIRONMENTS_DELETE("environments:delete", Level.PROJECT);

  /** Whether an action applies to the whole organisation or to one project. */
  public enum Level { ACCOUNT, PROJECT }

  private static final Map<String, Action> BY_WIRE_NAME = new HashMap<>();

  static {
    if (values().length > Long.SIZE) {
      throw new ExceptionInInitializerError("the engine keeps actions in a 64-bit set");
    }
    for (Action action : values()) {
      BY_WIRE_NAME.put(action.wireName, action);
    }
  }

  private final String wireName;
  private final Level level;

  Action(String wireName, Level level) {
    this.wireName = wireName;
    this.level = level;
  }

  public String wireName() {
    return wireName;
  }

  public Level level() {
    return level;
  }

  /** This action's bit in the engine's 64-bit action sets (the catalog has fewer than 64 actions). */
  long bit() {
    return 1L << ordinal();
  }

  /** Every project-level action, as a bit set. */
  static final long PROJECT_LEVEL_BITS = bitsOf(Level.PROJECT);

  private static long bitsOf(Level level) {
    long bits = 0;
    for (Action action : values()) {
      if (action.level == level) {
        bits |= action.bit();
      }
    }
    return bits;
  }

  /**
   * The actions this one implies, itself included: {@code project:admin} every project-level
   * action; {@code documents:full} the three document actions; the two document edit actions
   * {@code documents:view-content}. Nothing else implies anything.
   */
  long impliedBits() {
    return switch (this) {
      case PROJECT_ADMIN -> PROJECT_LEVEL_BITS;
      case DOCUMENTS_FULL -> bit() | DOCUMENTS_EDIT_CONTENT.bit() | DOCUMENTS_EDIT_VIEW.bit()
          | DOCUMENTS_VIEW_CONTENT.bit();
      case DOCUMENTS_EDIT_CONTENT, DOCUMENTS_EDIT_VIEW -> bit() | DOCUMENTS_VIEW_CONTENT.bit();
      default -> bit();
    };
  }

  /** Whether this is one of the {@code documents:*} actions (the only ones file permissions may hold). */
  public boolean isDocumentAction() {
    return wireName.startsWith("documents:");
  }

  public static Optional<Action> fromWire(String name) {
    return Optional.ofNullable(BY_WIRE_NAME.get(name));
  }
}
