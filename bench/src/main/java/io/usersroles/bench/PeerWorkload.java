package io.usersroles.bench;

import io.usersroles.access.Action;
import io.usersroles.access.Check;
import io.usersroles.access.CompiledRoles;
import io.usersroles.access.CustomRole;
import io.usersroles.access.FilePermission;
import io.usersroles.access.PermissionEngine;
import io.usersroles.access.Resource;
import io.usersroles.access.RoleHolder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The workload both engines of {@code engine_vs_casbin_ratio} decide: {@value #ORGS} organisations of
 * the same shape ({@value #ROLES} custom roles with project scopes and file globs, {@value #USERS}
 * users holding 2 of them each), and {@value #QUERIES} different questions about the first one, half
 * allowed and half denied, a quarter of them about a file path. Built the same way on every call (a
 * fixed seed), so the benchmark and the agreement test ask the same questions.
 */
final class PeerWorkload {
  static final int ORGS = 5;
  static final int ROLES = 50;
  static final int USERS = 1_000;
  static final int PROJECTS = 20;
  static final int QUERIES = 8_000;
  private static final long SEED = 19;

  /** One organisation: its custom roles and the two roles each user holds. */
  record Org(String id, List<CustomRole> roles, Map<String, List<String>> rolesOfUser) {}

  /** One question: who, in which org, which action, on which project and path ({@code ""}: none). */
  record Query(String userId, String orgId, Action action, String project, String path, boolean allowed) {
    Check check() {
      Resource resource = project.isEmpty() ? Resource.NONE
          : path.isEmpty() ? Resource.project(project) : Resource.file(project, path);
      return Check.of("", action.wireName(), resource);
    }

    /** The same question as casbin's request: (sub, dom, proj, path, act) of the model. */
    Object[] casbinRequest() {
      return new Object[] {userId, orgId, project, path, action.wireName()};
    }
  }

  private static final List<Action> PROJECT_ACTIONS = List.of(Action.BRANCHES_CREATE, Action.BRANCHES_MERGE,
      Action.RELEASES_MANAGE, Action.RELEASES_DEPLOY, Action.ENVIRONMENTS_MANAGE, Action.PROJECT_MANAGE);
  private static final List<Action> ACCOUNT_ACTIONS = List.of(Action.LOGS_VIEW, Action.MEMBERS_VIEW,
      Action.MEMBERS_INVITE, Action.BUILD_ARGS_VIEW, Action.DOMAINS_ADD);
  private static final List<Action> DOCUMENT_ACTIONS = List.of(Action.DOCUMENTS_VIEW_CONTENT,
      Action.DOCUMENTS_EDIT_CONTENT, Action.DOCUMENTS_EDIT_VIEW, Action.DOCUMENTS_FULL);

  final List<Org> orgs;
  final List<Query> queries;
  /** The asked org's roles as our engine compiles them. */
  final CompiledRoles catalog;

  private PeerWorkload(List<Org> orgs, List<Query> queries, CompiledRoles catalog) {
    this.orgs = orgs;
    this.queries = queries;
    this.catalog = catalog;
  }

  /** The asked organisation (the first). */
  Org org() {
    return orgs.get(0);
  }

  /** The member as our engine sees it: the roles of its membership item, no IdP groups. */
  RoleHolder holder(String userId) {
    return RoleHolder.member(userId, org().rolesOfUser().get(userId), Set.of());
  }

  static PeerWorkload build() {
    List<Org> orgs = new ArrayList<>(ORGS);
    for (int o = 0; o < ORGS; o++) {
      orgs.add(org("org_peer" + o));
    }
    CompiledRoles catalog = CompiledRoles.compile(orgs.get(0).roles());
    return new PeerWorkload(orgs, questions(orgs.get(0), catalog), catalog);
  }

  private static Org org(String orgId) {
    List<CustomRole> roles = new ArrayList<>(ROLES);
    for (int i = 0; i < ROLES; i++) {
      roles.add(role(orgId, i));
    }
    Map<String, List<String>> rolesOfUser = new LinkedHashMap<>();
    for (int u = 0; u < USERS; u++) {
      int first = u % ROLES;
      int second = (u * 7 + 3) % ROLES;
      if (second == first) {
        second = (second + 1) % ROLES;
      }
      rolesOfUser.put(userId(orgId, u), List.of(roles.get(first).id(), roles.get(second).id()));
    }
    return new Org(orgId, List.copyOf(roles), rolesOfUser);
  }

  static String userId(String orgId, int u) {
    return "usr_" + orgId.substring(4) + "_" + u;
  }

  /**
   * Role {@code i}, one of five shapes: project actions on two projects, project:admin on one, two
   * actions on every project, documents:full on a third project's files, and account-level actions
   * with document globs; every role has two file permissions on another project.
   */
  static CustomRole role(String orgId, int i) {
    String id = "rol_" + orgId.substring(4) + "_" + i;
    boolean allProjects = false;
    List<String> projects = List.of(project(i), project(i + 1));
    Set<Action> permissions;
    switch (i % 5) {
      case 0 -> permissions = EnumSet.of(Action.BRANCHES_CREATE, Action.RELEASES_MANAGE, Action.LOGS_VIEW);
      case 1 -> {
        permissions = EnumSet.of(Action.PROJECT_ADMIN);
        projects = List.of(project(i));
      }
      case 2 -> {
        permissions = EnumSet.of(Action.BRANCHES_MERGE, Action.ENVIRONMENTS_MANAGE);
        allProjects = true;
        projects = List.of();
      }
      case 3 -> permissions = EnumSet.of(Action.RELEASES_DEPLOY, Action.MEMBERS_VIEW);
      default -> permissions = EnumSet.of(Action.MEMBERS_INVITE, Action.BUILD_ARGS_VIEW);
    }
    String files = project(i + 2);
    List<FilePermission> filePermissions = List.of(
        new FilePermission(files, "src/team-" + i + "/**/*.java", Set.of(Action.DOCUMENTS_EDIT_CONTENT)),
        i % 5 == 3
            ? new FilePermission(files, "assets/**/team-" + i + "-*.png", Set.of(Action.DOCUMENTS_FULL))
            : new FilePermission(files, "docs/*/team-" + i + "/**", Set.of(Action.DOCUMENTS_VIEW_CONTENT)));
    return new CustomRole(id, "Team " + i, "Peer workload role " + i, List.of(), allProjects, projects, permissions,
        filePermissions);
  }

  static String project(int i) {
    return String.format("proj-%02d", Math.floorMod(i, PROJECTS));
  }

  /**
   * Draws questions until each quarter is full: allowed and denied, with and without a path. Candidates
   * lean on what the asker's roles grant (a path made from one of its globs, a project of its scope),
   * and are then changed at random (another team, extension, project or action), so that both answers
   * come up; the answer is our engine's, which the agreement test holds casbin to.
   */
  private static List<Query> questions(Org org, CompiledRoles catalog) {
    Random random = new Random(SEED);
    PermissionEngine engine = new PermissionEngine();
    Map<String, CustomRole> rolesById = new LinkedHashMap<>();
    org.roles().forEach(role -> rolesById.put(role.id(), role));
    int pathQuota = QUERIES / 8;
    int plainQuota = QUERIES * 3 / 8;
    int[] filled = new int[4]; // [path allowed, path denied, plain allowed, plain denied]
    Set<String> asked = new HashSet<>();
    List<Query> queries = new ArrayList<>(QUERIES);
    while (queries.size() < QUERIES) {
      int u = random.nextInt(USERS);
      String userId = userId(org.id(), u);
      List<String> held = org.rolesOfUser().get(userId);
      CustomRole role = rolesById.get(held.get(random.nextInt(held.size())));
      boolean withPath = random.nextInt(4) == 0;
      Query candidate = withPath ? fileQuestion(random, org.id(), userId, role)
          : plainQuestion(random, org.id(), userId, role);
      boolean allowed = engine.decide(catalog, RoleHolder.member(userId, held, Set.of()), candidate.check()).allowed();
      int quarter = (withPath ? 0 : 2) + (allowed ? 0 : 1);
      if (filled[quarter] == (withPath ? pathQuota : plainQuota)) {
        continue;
      }
      String key = userId + "|" + candidate.action() + "|" + candidate.project() + "|" + candidate.path();
      if (asked.add(key)) {
        filled[quarter]++;
        queries.add(new Query(userId, org.id(), candidate.action(), candidate.project(), candidate.path(), allowed));
      }
    }
    return List.copyOf(queries);
  }

  private static Query fileQuestion(Random random, String orgId, String userId, CustomRole role) {
    FilePermission grant = role.filePermissions().get(random.nextInt(role.filePermissions().size()));
    String path = pathMatching(random, grant.path());
    String project = grant.project();
    switch (random.nextInt(6)) {
      case 0 -> path = path.replace("team-", "team-1"); // another team's files
      case 1 -> path = path.endsWith(".java") ? path.substring(0, path.length() - 5) + ".kt" : path + "/x.kt";
      case 2 -> project = project(random.nextInt(PROJECTS));
      default -> { } // as the glob says
    }
    Action action = DOCUMENT_ACTIONS.get(random.nextInt(DOCUMENT_ACTIONS.size()));
    return new Query(userId, orgId, action, project, path, false);
  }

  private static Query plainQuestion(Random random, String orgId, String userId, CustomRole role) {
    if (random.nextInt(4) == 0) {
      return new Query(userId, orgId, ACCOUNT_ACTIONS.get(random.nextInt(ACCOUNT_ACTIONS.size())), "", "", false);
    }
    String project = !role.projects().isEmpty() && random.nextBoolean()
        ? role.projects().get(random.nextInt(role.projects().size())) : project(random.nextInt(PROJECTS));
    Action action = PROJECT_ACTIONS.get(random.nextInt(PROJECT_ACTIONS.size()));
    return new Query(userId, orgId, action, project, "", false);
  }

  /** A path the glob matches: {@code **} becomes 0 to 2 directories, {@code *} a short word. */
  static String pathMatching(Random random, String glob) {
    StringBuilder path = new StringBuilder();
    for (String segment : glob.split("/")) {
      if (segment.equals("**")) {
        int directories = random.nextInt(3);
        for (int d = 0; d < directories; d++) {
          path.append(path.length() == 0 ? "" : "/").append(word(random));
        }
        continue;
      }
      path.append(path.length() == 0 ? "" : "/");
      for (char c : segment.toCharArray()) {
        if (c == '*') {
          path.append(word(random));
        } else {
          path.append(c);
        }
      }
    }
    return path.toString();
  }

  private static String word(Random random) {
    int length = 1 + random.nextInt(6);
    StringBuilder word = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      word.append((char) ('a' + random.nextInt(26)));
    }
    return word.toString();
  }
}
