package io.usersroles.access;

import static io.usersroles.access.CustomRoleFixture.actions;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Compiling an org's roles from its previous compiled version ({@link CompiledRoles#compile(List, CompiledRoles)},
 * what {@link CompiledRolesCache} does on every new version) decides exactly as compiling them afresh, through
 * every kind of edit: a role added, removed, renamed, given more or fewer globs, moved; and takes the roles that
 * did not change as they were.
 */
class IncrementalCompileTest {
  private static final PermissionEngine ENGINE = new PermissionEngine();
  private static final String[] PARTS = {"src", "docs", "a", "b", "*", "**", "*.md", "x*y", "main"};
  private static final String[] PROJECTS = {"p", "p", "p", "q"};
  private static final String[] GROUPS = {"g1", "g2", "g3"};

  @Test
  void everyEditDecidesAsAFreshCompileAndKeepsTheRolesItDidNotTouch() {
    Random random = new Random(20261208);
    int serial = 0;
    for (int run = 0; run < 40; run++) {
      List<CustomRole> roles = new ArrayList<>();
      for (int i = 0; i < 1 + random.nextInt(30); i++) {
        roles.add(randomRole("rol_" + serial++, random));
      }
      CompiledRoles incremental = CompiledRoles.compile(roles, CompiledRoles.builtInOnly());
      for (int step = 0; step < 25; step++) {
        List<CustomRole> edited = new ArrayList<>(roles);
        int at = edited.isEmpty() ? 0 : random.nextInt(edited.size());
        switch (edited.isEmpty() ? 0 : random.nextInt(5)) {
          case 0 -> edited.add(random.nextBoolean() ? edited.size() : at, randomRole("rol_" + serial++, random));
          case 1 -> edited.remove(at);
          case 2 -> edited.set(at, renamed(edited.get(at)));
          case 3 -> edited.set(at, withNewGlobs(edited.get(at), random));
          default -> edited.add(random.nextInt(edited.size()), edited.remove(at));
        }
        CompiledRoles previous = incremental;
        incremental = CompiledRoles.compile(edited, previous);
        CompiledRoles fresh = CompiledRoles.compile(edited);
        assertSameDecisions(incremental, fresh, edited, random);
        // a role before the edit is the same compiled object; the edited one is compiled anew
        for (int i = 0; i < Math.min(at, edited.size()); i++) {
          if (i < roles.size() && roles.get(i).equals(edited.get(i))) {
            assertThat(incremental.role(edited.get(i).id())).isSameAs(previous.role(edited.get(i).id()));
          }
        }
        roles = edited;
      }
    }
  }

  @Test
  void creatingTheNextRoleCompilesThatRoleAlone() {
    Random random = new Random(7);
    List<CustomRole> roles = new ArrayList<>();
    CompiledRoles compiled = CompiledRoles.builtInOnly();
    for (int i = 0; i < 30; i++) {
      roles.add(randomRole("rol_" + i, random));
      CompiledRoles next = CompiledRoles.compile(roles, compiled);
      for (int j = 0; j < i; j++) {
        assertThat(next.role(roles.get(j).id())).isSameAs(compiled.role(roles.get(j).id()));
      }
      for (BuiltInRole builtIn : BuiltInRole.values()) {
        assertThat(next.role(builtIn.id())).isSameAs(compiled.role(builtIn.id()));
      }
      compiled = next;
    }
    assertSameDecisions(compiled, CompiledRoles.compile(roles), roles, random);
  }

  private static void assertSameDecisions(CompiledRoles incremental, CompiledRoles fresh, List<CustomRole> roles,
      Random random) {
    List<String> assigned = new ArrayList<>();
    for (CustomRole role : roles) {
      if (random.nextInt(3) == 0) {
        assigned.add(role.id());
      }
    }
    // every role, and a path long enough that after a few globs the rest are matched together (GlobSet), whose
    // numbering of the globs the reused roles must share
    List<RoleHolder> holders = List.of(RoleHolder.member("usr_a", assigned, Set.of("g1")),
        RoleHolder.member("usr_all", roles.stream().map(CustomRole::id).toList(), Set.of()),
        RoleHolder.member("usr_b", List.of("member"), Set.of(GROUPS)),
        RoleHolder.member("usr_c", List.of(), Set.of("g2", "g3")));
    for (int i = 0; i < 60; i++) {
      String project = PROJECTS[random.nextInt(PROJECTS.length)];
      List<Check> checks = List.of(
          Check.of("", random.nextBoolean() ? "documents:view-content" : "documents:edit-content",
              Resource.file(project, randomPath(random))),
          Check.of("", "branches:create", Resource.project(project)),
          Check.of(Action.MEMBERS_INVITE));
      for (RoleHolder holder : holders) {
        for (Check check : checks) {
          Decision expected = ENGINE.decide(fresh, holder, check);
          Decision actual = ENGINE.decide(incremental, holder, check);
          assertThat(actual.allowed()).as("%s %s", holder, check).isEqualTo(expected.allowed());
          assertThat(actual.reason()).as("%s %s", holder, check).isEqualTo(expected.reason());
        }
      }
    }
  }

  private static CustomRole randomRole(String id, Random random) {
    List<FilePermission> files = randomGlobs(random);
    List<String> groups = random.nextBoolean() ? List.of(GROUPS[random.nextInt(GROUPS.length)]) : List.of();
    boolean allProjects = random.nextInt(4) == 0;
    return new CustomRole(id, id, "", groups, allProjects, allProjects ? List.of() : List.of("p"),
        random.nextBoolean() ? actions("branches:create") : actions("logs:view"), files);
  }

  private static List<FilePermission> randomGlobs(Random random) {
    List<FilePermission> files = new ArrayList<>();
    for (int i = 0; i < random.nextInt(7); i++) {
      files.add(new FilePermission(PROJECTS[random.nextInt(PROJECTS.length)], randomGlob(random),
          random.nextBoolean() ? actions("documents:view-content") : actions("documents:edit-content")));
    }
    return files;
  }

  private static CustomRole renamed(CustomRole role) {
    return new CustomRole(role.id(), role.name() + "+", role.description(), role.idpGroups(), role.allProjects(),
        role.projects(), role.permissions(), role.filePermissions());
  }

  private static CustomRole withNewGlobs(CustomRole role, Random random) {
    return new CustomRole(role.id(), role.name(), role.description(), role.idpGroups(), role.allProjects(),
        role.projects(), role.permissions(), randomGlobs(random));
  }

  private static String randomGlob(Random random) {
    StringBuilder glob = new StringBuilder();
    for (int i = 0; i < 1 + random.nextInt(4); i++) {
      glob.append(i == 0 ? "" : "/").append(PARTS[random.nextInt(PARTS.length)]);
    }
    return glob.toString();
  }

  private static String randomPath(Random random) {
    StringBuilder path = new StringBuilder();
    String[] names = {"src", "docs", "a", "b", "main", "readme.md", "xzy", "c"};
    boolean longPath = random.nextBoolean(); // up to 499 one-letter segments: 997 characters
    int segments = longPath ? 250 + random.nextInt(250) : 1 + random.nextInt(5);
    for (int i = 0; i < segments; i++) {
      path.append(i == 0 ? "" : "/").append(longPath ? names[2 + random.nextInt(2)] : names[random.nextInt(names.length)]);
    }
    return path.toString();
  }
}
