package io.usersroles.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;

import io.usersroles.access.EnginePropertiesTest.CompiledCatalog;
import io.usersroles.access.EnginePropertiesTest.HolderShape;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link PermissionEngine#effective}: the effective permissions a principal is shown agree with the
 * engine's decisions, over random catalogs (custom roles with project scopes, file globs, implying
 * actions and IdP groups; the built-in roles with their own-only grants) and principals (members with
 * groups, service accounts, role ids that do not exist): for every check, the answer read as
 * docs/permissions.md says allows it exactly when {@link PermissionEngine#decide} does. Each example
 * compares one generated check and a sweep of every action over projects, paths, owners and creators.
 */
class EffectivePermissionsTest {
  private static final String ME = "u1";
  /** The generators' projects, and one no role names. */
  private static final List<String> PROJECTS = List.of("p1", "p2", "p3", "p9");
  private static final List<String> PATHS = List.of("docs", "a.md", "docs/a.md", "docs/x/a.md", "x/b", "b/y.md",
      "docs/ab/xx", "ab/docs/x/y.md");
  /** Every action on resources of every kind the engine tells apart: the sweep of each example. */
  private static final List<Check> SWEEP = sweep();

  private final PermissionEngine engine = new PermissionEngine();

  private static List<Check> sweep() {
    List<Check> checks = new ArrayList<>();
    List<Resource> accountResources = List.of(Resource.NONE, Resource.ownedBy(ME), Resource.ownedBy("u2"),
        Resource.createdBy(ME), Resource.createdBy("u2"),
        new Resource(Optional.of("p1"), Optional.empty(), Optional.of(ME), Optional.of(ME)),
        new Resource(Optional.of("p2"), Optional.of("docs/a.md"), Optional.of("u2"), Optional.of("u2")));
    for (Action action : Action.values()) {
      if (action.level() == Action.Level.ACCOUNT) {
        for (Resource resource : accountResources) {
          checks.add(Check.of("", action.wireName(), resource));
        }
        continue;
      }
      for (String project : PROJECTS) {
        checks.add(Check.of("", action.wireName(), Resource.project(project)));
        for (String path : PATHS) {
          checks.add(Check.of("", action.wireName(), new Resource(Optional.of(project), Optional.of(path),
              Optional.of(ME), Optional.of(ME))));
        }
      }
    }
    return List.copyOf(checks);
  }

  /**
   * Whether {@code answer} allows {@code check} for {@code principalId}, read as docs/permissions.md
   * describes the answer (an oracle written from the document, not from the engine).
   */
  static boolean says(EffectivePermissions answer, String principalId, Check check) {
    Action action = check.action();
    Resource resource = check.resource();
    if (action.level() == Action.Level.ACCOUNT) {
      if (answer.account().contains(action)) {
        return true;
      }
      if (!answer.ownOnly().contains(action)) {
        return false;
      }
      // docs/permissions.md, "Own only": which field of the resource names the principal
      Optional<String> owner = switch (action) {
        case PROJECTS_DESTRUCTIVE -> resource.ownerId();
        case LOGS_VIEW, TERMINAL_ACCESS -> resource.creatorId();
        default -> fail("no own-only rule for " + action.wireName());
      };
      return owner.filter(principalId::equals).isPresent();
    }
    String project = resource.project().orElseThrow();
    if (answer.allProjects().contains(action) || answer.onProject(project).contains(action)) {
      return true;
    }
    if (check.pathSegments() == null) {
      return false;
    }
    for (EffectivePermissions.FileGrant file : answer.files()) {
      if (file.project().equals(project) && file.permissions().contains(action)
          && PathGlob.compile("path", file.path()).matches(check.pathSegments())) {
        return true;
      }
    }
    return false;
  }

  @Test
  @DisplayName("for every principal, action and resource, the effective permissions allow exactly what the engine "
      + "allows")
  void theAnswerAllowsExactlyWhatTheEngineAllows() {
    qt().withExamples(1000).forAll(EnginePropertiesTest.catalogs(), EnginePropertiesTest.holders(),
        EnginePropertiesTest.checks()).checkAssert((shapes, shape, generated) -> {
          CompiledRoles catalog = EnginePropertiesTest.catalogOf(shapes).catalog();
          RoleHolder holder = shape.toHolder();
          EffectivePermissions answer = engine.effective(catalog, holder);
          List<Check> checks = new ArrayList<>(SWEEP);
          checks.add(generated);
          for (Check check : checks) {
            assertThat(says(answer, ME, check))
                .as("%s %s for %s: %s", check.action().wireName(), check.resource(), shape, answer)
                .isEqualTo(engine.decide(catalog, holder, check).allowed());
          }
        });
  }

  @Test
  @DisplayName("the answer is sorted, says nothing twice, and names exactly the roles the principal holds")
  void theAnswerIsSortedAndSaysNothingTwice() {
    qt().withExamples(1000).forAll(EnginePropertiesTest.catalogs(), EnginePropertiesTest.holders())
        .checkAssert((shapes, shape) -> {
          CompiledCatalog compiled = EnginePropertiesTest.catalogOf(shapes);
          EffectivePermissions answer = engine.effective(compiled.catalog(), shape.toHolder());

          assertThat(answer.roles()).isSortedAccordingTo(Comparator.naturalOrder()).doesNotHaveDuplicates()
              .containsExactlyInAnyOrderElementsOf(heldRoles(compiled, shape));
          for (List<Action> actions : List.of(answer.account(), answer.allProjects(), answer.ownOnly())) {
            assertSorted(actions);
          }
          assertThat(answer.account()).allMatch(a -> a.level() == Action.Level.ACCOUNT);
          assertThat(answer.ownOnly()).allMatch(a -> a.level() == Action.Level.ACCOUNT);
          assertDisjoint(answer.ownOnly(), answer.account());
          assertThat(answer.allProjects()).allMatch(a -> a.level() == Action.Level.PROJECT);
          assertThat(List.copyOf(answer.projects().keySet())).isSorted();
          answer.projects().forEach((project, actions) -> {
            assertThat(actions).as(project).isNotEmpty().allMatch(a -> a.level() == Action.Level.PROJECT);
            assertDisjoint(actions, answer.allProjects());
            assertSorted(actions);
          });
          Set<String> places = new HashSet<>();
          String previous = "";
          for (EffectivePermissions.FileGrant file : answer.files()) {
            String place = file.project() + "\u0000" + file.path();
            assertThat(places.add(place)).as("one entry per project and glob").isTrue();
            assertThat(place).as("files sorted by project, then glob").isGreaterThan(previous);
            previous = place;
            assertThat(file.permissions()).isNotEmpty().allMatch(Action::isDocumentAction);
            assertDisjoint(file.permissions(), answer.allProjects());
            assertDisjoint(file.permissions(), answer.onProject(file.project()));
            assertSorted(file.permissions());
          }
        });
  }

  private static void assertDisjoint(List<Action> actions, List<Action> others) {
    assertThat(java.util.Collections.disjoint(actions, others)).as("%s and %s", actions, others).isTrue();
  }

  private static void assertSorted(List<Action> actions) {
    assertThat(actions).doesNotHaveDuplicates().isSortedAccordingTo(Comparator.comparing(Action::wireName));
  }

  /** The roles of the catalog the holder holds: assigned ones that exist, and those its groups map to. */
  private static Set<String> heldRoles(CompiledCatalog compiled, HolderShape shape) {
    Set<String> held = new TreeSet<>();
    for (String id : shape.roles()) {
      if (compiled.catalog().hasRole(id)) {
        held.add(id);
      }
    }
    if (!shape.serviceAccount()) {
      for (CustomRole role : compiled.roles()) {
        if (role.idpGroups().stream().anyMatch(shape.groups()::contains)) {
          held.add(role.id());
        }
      }
    }
    return held;
  }

  @Test
  void someoneHoldingNoRolesMayDoNothing() {
    CompiledRoles catalog = CompiledRoles.compile(List.of(new CustomRole("r0", "R", "", List.of("g1"), true,
        List.of(), Set.of(Action.PROJECT_ADMIN), List.of())));
    for (RoleHolder nobody : List.of(RoleHolder.none(ME), new RoleHolder(ME, false, List.of("owner"), Set.of("g1")),
        RoleHolder.member(ME, List.of("ghost"), Set.of("g2")), RoleHolder.serviceAccount(ME, List.of()))) {
      EffectivePermissions answer = engine.effective(catalog, nobody);
      assertThat(answer.roles()).isEmpty();
      assertThat(answer.account()).isEmpty();
      assertThat(answer.allProjects()).isEmpty();
      assertThat(answer.projects()).isEmpty();
      assertThat(answer.files()).isEmpty();
      assertThat(answer.ownOnly()).isEmpty();
    }
  }

  @Test
  void theBuiltInRolesAsTheDocumentDescribesThem() {
    CompiledRoles catalog = CompiledRoles.builtInOnly();
    EffectivePermissions owner = engine.effective(catalog, RoleHolder.member(ME, List.of("owner"), Set.of()));
    assertThat(owner.roles()).containsExactly("owner");
    assertThat(owner.account()).containsExactlyInAnyOrderElementsOf(level(Action.Level.ACCOUNT));
    assertThat(owner.allProjects()).containsExactlyInAnyOrderElementsOf(level(Action.Level.PROJECT));
    assertThat(owner.projects()).isEmpty();
    assertThat(owner.ownOnly()).isEmpty();

    EffectivePermissions member = engine.effective(catalog, RoleHolder.member(ME, List.of("member"), Set.of()));
    assertThat(member.ownOnly()).containsExactly(Action.LOGS_VIEW, Action.PROJECTS_DESTRUCTIVE,
        Action.TERMINAL_ACCESS);
    assertThat(member.account()).containsExactlyInAnyOrderElementsOf(BuiltInRole.MEMBER.always());
    assertThat(member.allProjects()).isEmpty();

    // instance_accessor holds logs and terminals everywhere: only projects:destructive stays own-only, also
    // when the principal holds member as well
    EffectivePermissions both = engine.effective(catalog, RoleHolder.serviceAccount(ME,
        List.of("member", "instance_accessor", "member")));
    assertThat(both.roles()).containsExactly("instance_accessor", "member");
    assertThat(both.ownOnly()).containsExactly(Action.PROJECTS_DESTRUCTIVE);
    assertThat(both.account()).contains(Action.LOGS_VIEW, Action.TERMINAL_ACCESS);
  }

  @Test
  void implicationsAreExpandedAndWhatABroaderGrantCoversIsNotRepeated() {
    CompiledRoles catalog = CompiledRoles.compile(List.of(
        new CustomRole("r-admin", "Admins", "", List.of(), false, List.of("apollo"), Set.of(Action.PROJECT_ADMIN,
            Action.CLUSTERS_UPGRADE), List.of(
                new FilePermission("apollo", "docs/**", Set.of(Action.DOCUMENTS_FULL)),
                new FilePermission("zeus", "docs/*.md", Set.of(Action.DOCUMENTS_EDIT_CONTENT)))),
        new CustomRole("r-docs", "Docs", "", List.of("writers"), false, List.of("hermes"),
            Set.of(Action.DOCUMENTS_EDIT_VIEW), List.of(
                new FilePermission("zeus", "docs/*.md", Set.of(Action.DOCUMENTS_EDIT_VIEW)),
                new FilePermission("hermes", "**", Set.of(Action.DOCUMENTS_FULL)))),
        new CustomRole("r-all", "All", "", List.of(), true, List.of("apollo"), Set.of(Action.BRANCHES_CREATE),
            List.of())));
    EffectivePermissions answer = engine.effective(catalog, RoleHolder.member(ME, List.of("r-all", "r-admin",
        "ghost"), Set.of("writers", "strangers")));

    assertThat(answer.roles()).containsExactly("r-admin", "r-all", "r-docs");
    assertThat(answer.account()).containsExactly(Action.CLUSTERS_UPGRADE);
    assertThat(answer.allProjects()).containsExactly(Action.BRANCHES_CREATE);
    // project:admin on apollo: every project-level action but branches:create, which is everywhere
    Set<Action> onApollo = EnumSet.copyOf(level(Action.Level.PROJECT));
    onApollo.remove(Action.BRANCHES_CREATE);
    assertThat(answer.projects()).containsOnlyKeys("apollo", "hermes");
    assertThat(answer.onProject("apollo")).containsExactlyInAnyOrderElementsOf(onApollo);
    assertThat(answer.onProject("hermes")).containsExactly(Action.DOCUMENTS_EDIT_VIEW, Action.DOCUMENTS_VIEW_CONTENT);
    // apollo's file grant is covered by project:admin; the two grants of zeus's docs/*.md merge
    assertThat(answer.files()).containsExactly(
        new EffectivePermissions.FileGrant("hermes", "**", List.of(Action.DOCUMENTS_EDIT_CONTENT,
            Action.DOCUMENTS_FULL)),
        new EffectivePermissions.FileGrant("zeus", "docs/*.md", List.of(Action.DOCUMENTS_EDIT_CONTENT,
            Action.DOCUMENTS_EDIT_VIEW, Action.DOCUMENTS_VIEW_CONTENT)));
    assertThat(answer.ownOnly()).isEmpty();
    assertThat(new LinkedHashSet<>(answer.roles())).hasSize(3);
  }

  private static List<Action> level(Action.Level level) {
    return java.util.Arrays.stream(Action.values()).filter(a -> a.level() == level).toList();
  }

  @Test
  void theSweepCoversEveryAction() {
    Map<Action, Long> perAction = new java.util.EnumMap<>(Action.class);
    SWEEP.forEach(check -> perAction.merge(check.action(), 1L, Long::sum));
    assertThat(perAction).hasSize(Action.values().length);
  }
}
