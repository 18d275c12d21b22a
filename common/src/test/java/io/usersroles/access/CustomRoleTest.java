package io.usersroles.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.usersroles.domain.DomainException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Custom roles (SPEC §3), implications (SPEC §2), file globs, IdP groups, check validation and reasons. */
class CustomRoleTest {
  private static final String ME = "user-me";
  private static final String SOMEONE = "user-someone";

  private final PermissionEngine engine = new PermissionEngine();

  // ---------------------------------------------------------------------------------------------
  // helpers

  /** A small builder over the CustomRole record, with SPEC's defaults ("", [], allProjects false). */
  static final class RoleBuilder {
    private final String id;
    private String name;
    private List<String> groups = List.of();
    private boolean allProjects;
    private List<String> projects = List.of();
    private Set<Action> permissions = EnumSet.noneOf(Action.class);
    private final List<FilePermission> files = new ArrayList<>();

    RoleBuilder(String id) {
      this.id = id;
      this.name = id;
    }

    RoleBuilder name(String value) {
      name = value;
      return this;
    }

    RoleBuilder groups(String... value) {
      groups = List.of(value);
      return this;
    }

    RoleBuilder allProjects() {
      allProjects = true;
      return this;
    }

    RoleBuilder projects(String... value) {
      projects = List.of(value);
      return this;
    }

    RoleBuilder permissions(String... wireNames) {
      permissions = actions(wireNames);
      return this;
    }

    RoleBuilder file(String project, String glob, String... wireNames) {
      files.add(new FilePermission(project, glob, actions(wireNames)));
      return this;
    }

    CustomRole build() {
      return new CustomRole(id, name, "", groups, allProjects, projects, permissions, files);
    }
  }

  static RoleBuilder role(String id) {
    return new RoleBuilder(id);
  }

  static Set<Action> actions(String... wireNames) {
    Set<Action> set = EnumSet.noneOf(Action.class);
    for (String name : wireNames) {
      set.add(Action.fromWire(name).orElseThrow(() -> new AssertionError("not an action: " + name)));
    }
    return set;
  }

  static Resource at(String project) {
    return Resource.project(project);
  }

  static Resource at(String project, String path) {
    return Resource.file(project, path);
  }

  private Decision decide(CustomRole role, String action, Resource resource) {
    return decide(CompiledRoles.compile(List.of(role)), RoleHolder.member(ME, List.of(role.id()), Set.of()), action,
        resource);
  }

  private Decision decide(CompiledRoles catalog, RoleHolder holder, String action, Resource resource) {
    return engine.decide(catalog, holder, Check.of("", action, resource));
  }

  private boolean allowed(CustomRole role, String action, Resource resource) {
    return decide(role, action, resource).allowed();
  }

  static List<String> projectLevel() {
    return Arrays.stream(Action.values()).filter(a -> a.level() == Action.Level.PROJECT).map(Action::wireName)
        .toList();
  }

  static List<String> accountLevel() {
    return Arrays.stream(Action.values()).filter(a -> a.level() == Action.Level.ACCOUNT).map(Action::wireName)
        .toList();
  }

  static void assertInvalid(Runnable call, String field) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(DomainException.class, e -> {
          assertThat(e.kind()).isEqualTo(DomainException.Kind.INVALID);
          assertThat(e.fieldErrors()).extracting(DomainException.FieldError::field).containsExactly(field);
        });
  }

  // ---------------------------------------------------------------------------------------------
  @Nested
  class ProjectScope {
    @Test
    void projectLevelPermissionsApplyOnlyToTheListedProjects() {
      CustomRole role = role("r1").projects("p1", "p2").permissions("project:manage", "branches:create").build();
      assertThat(allowed(role, "project:manage", at("p1"))).isTrue();
      assertThat(allowed(role, "project:manage", at("p2"))).isTrue();
      assertThat(allowed(role, "branches:create", at("p2", "src/main.c"))).isTrue();
      assertThat(allowed(role, "project:manage", at("p3"))).isFalse();
      assertThat(allowed(role, "branches:create", at("p3", "src/main.c"))).isFalse();
      // project ids are compared exactly
      assertThat(allowed(role, "project:manage", at("P1"))).isFalse();
      assertThat(allowed(role, "project:manage", at("p10"))).isFalse();
      // only the listed actions
      assertThat(allowed(role, "branches:merge", at("p1"))).isFalse();
    }

    @TestFactory
    Stream<DynamicTest> anEmptyProjectListGrantsNoProjectLevelAction() {
      CustomRole role = role("r-empty").permissions(projectLevel().toArray(String[]::new)).build();
      return projectLevel().stream().flatMap(action -> Stream.of("p1", "p2").map(project ->
          dynamicTest(action + " on " + project + " with projects [] → denied",
              () -> assertThat(allowed(role, action, at(project))).isFalse())));
    }

    @TestFactory
    Stream<DynamicTest> allProjectsGrantsTheProjectLevelActionsOnEveryProject() {
      // the list is ignored when allProjects is true
      CustomRole role = role("r-all").allProjects().projects("p1").permissions("releases:deploy", "documents:edit-view")
          .build();
      return Stream.of("p1", "p2", "some-other-project").flatMap(project -> Stream.of(
          dynamicTest("releases:deploy on " + project + " → allowed",
              () -> assertThat(allowed(role, "releases:deploy", at(project))).isTrue()),
          dynamicTest("documents:edit-view on " + project + "/a/b.md → allowed",
              () -> assertThat(allowed(role, "documents:edit-view", at(project, "a/b.md"))).isTrue()),
          dynamicTest("releases:delete on " + project + " → denied (not granted)",
              () -> assertThat(allowed(role, "releases:delete", at(project))).isFalse())));
    }

    @Test
    void projectLevelPermissionsNeverGrantAccountLevelActions() {
      CustomRole role = role("r").allProjects().permissions(projectLevel().toArray(String[]::new)).build();
      for (String action : accountLevel()) {
        assertThat(allowed(role, action, Resource.NONE)).as(action).isFalse();
        assertThat(allowed(role, action, at("p1"))).as(action + " in p1").isFalse();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  @Nested
  class AccountLevelPermissions {
    static Stream<Resource> anyResource() {
      return Stream.of(Resource.NONE, Resource.ownedBy(ME), Resource.ownedBy(SOMEONE), Resource.createdBy(ME),
          Resource.createdBy(SOMEONE), at("p1"), at("p9"),
          new Resource(Optional.of("p9"), Optional.empty(), Optional.of(SOMEONE), Optional.of(SOMEONE)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("anyResource")
    void accountLevelPermissionsOfACustomRoleApplyOrgWideWhateverItsProjectScope(Resource resource) {
      // an empty project list and allProjects false: account-level actions still apply org-wide
      CustomRole role = role("r-ops").permissions("members:invite", "clusters:upgrade", "projects:destructive",
          "logs:view", "terminal:access").build();
      for (String action : List.of("members:invite", "clusters:upgrade", "projects:destructive", "logs:view",
          "terminal:access")) {
        assertThat(allowed(role, action, resource)).as(action).isTrue();
      }
      assertThat(allowed(role, "members:remove", resource)).isFalse();
      assertThat(allowed(role, "roles:manage", resource)).isFalse();
    }

    @Test
    void aCustomRoleWithNoPermissionsGrantsNothing() {
      CustomRole role = role("r-nothing").allProjects().projects("p1").groups("eng").build();
      for (Action action : Action.values()) {
        Resource resource = action.level() == Action.Level.PROJECT ? at("p1", "a.md") : Resource.ownedBy(ME);
        assertThat(allowed(role, action.wireName(), resource)).as(action.wireName()).isFalse();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  @Nested
  class Implications {
    /** SPEC §2 "Implications", typed here: granted action → the actions it implies (besides itself). */
    private static final Map<String, Set<String>> IMPLIES = Map.of(
        "project:admin", Set.of("project:manage", "documents:full", "documents:edit-content",
            "documents:view-content", "documents:edit-view", "branches:create", "branches:merge", "branches:delete",
            "releases:manage", "releases:deploy", "releases:delete", "environments:manage", "environments:delete"),
        "documents:full", Set.of("documents:edit-content", "documents:edit-view", "documents:view-content"),
        "documents:edit-content", Set.of("documents:view-content"),
        "documents:edit-view", Set.of("documents:view-content"));

    static boolean implies(String granted, String checked) {
      return granted.equals(checked) || IMPLIES.getOrDefault(granted, Set.of()).contains(checked);
    }

    @Test
    void projectAdminImpliesExactlyEveryProjectLevelAction() {
      assertThat(IMPLIES.get("project:admin")).hasSize(projectLevel().size() - 1);
      assertThat(projectLevel()).containsAll(IMPLIES.get("project:admin"));
    }

    /** Every granted action × every checked action of the catalog, in a role on all projects. */
    @TestFactory
    Stream<DynamicTest> everyPairOfActionsFollowsTheImplicationRulesAndNothingElse() {
      List<DynamicTest> tests = new ArrayList<>();
      for (Action granted : Action.values()) {
        CustomRole role = role("r-" + granted.wireName()).allProjects().permissions(granted.wireName()).build();
        for (Action checked : Action.values()) {
          boolean expected = implies(granted.wireName(), checked.wireName());
          Resource resource = checked.level() == Action.Level.PROJECT ? at("p1") : Resource.NONE;
          tests.add(dynamicTest(granted.wireName() + " ⇒ " + checked.wireName() + " ? " + expected,
              () -> assertThat(allowed(role, checked.wireName(), resource)).isEqualTo(expected)));
        }
      }
      return tests.stream();
    }

    @ParameterizedTest(name = "{0} on listed project p1: {1} on p1 allowed={2}, never on p2")
    @CsvSource({
        "project:admin, environments:delete, true",
        "project:admin, documents:view-content, true",
        "documents:full, documents:edit-view, true",
        "documents:edit-content, documents:view-content, true",
        "documents:edit-view, documents:view-content, true",
        "documents:view-content, documents:edit-content, false",
        "documents:view-content, documents:edit-view, false",
        "documents:edit-content, documents:edit-view, false",
        "documents:edit-view, documents:edit-content, false",
        "documents:edit-content, documents:full, false",
        "documents:full, project:admin, false",
        "documents:full, branches:create, false",
        "project:manage, project:admin, false",
        "project:manage, documents:view-content, false",
        "releases:manage, releases:deploy, false",
        "releases:manage, releases:delete, false",
        "environments:manage, environments:delete, false",
        "branches:merge, branches:create, false",
    })
    void implicationsApplyInsideTheRolesProjectsOnly(String granted, String checked, boolean expected) {
      CustomRole role = role("r").projects("p1").permissions(granted).build();
      assertThat(allowed(role, checked, at("p1"))).isEqualTo(expected);
      assertThat(allowed(role, checked, at("p1", "docs/a.md"))).isEqualTo(expected);
      assertThat(allowed(role, checked, at("p2"))).isFalse();
    }

    @Test
    void projectAdminImpliesNoAccountLevelAction() {
      CustomRole role = role("r").allProjects().permissions("project:admin").build();
      for (String action : accountLevel()) {
        assertThat(allowed(role, action, Resource.ownedBy(ME))).as(action).isFalse();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  @Nested
  class FilePermissions {
    @ParameterizedTest(name = "docs/*.md vs {0} → {1}")
    @CsvSource({
        "docs/a.md, true",
        "docs/intro.md, true",
        "docs/x/a.md, false",
        "docs/a.txt, false",
        "docs/a.md/b, false",
        "a.md, false",
        "other/a.md, false",
        "docs, false",
    })
    void aSingleStarMatchesWithinOneSegment(String path, boolean expected) {
      CustomRole role = role("r").file("p1", "docs/*.md", "documents:view-content").build();
      assertThat(allowed(role, "documents:view-content", at("p1", path))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "docs/** vs {0} → {1}")
    @CsvSource({
        "docs/a.md, true",
        "docs/x/y/z.md, true",
        "docs/x, true",
        "docs, true", // ** matches zero segments too
        "docsx/a.md, false",
        "other/docs/a.md, false",
        "a.md, false",
    })
    void aDoubleStarMatchesAnyDepth(String path, boolean expected) {
      CustomRole role = role("r").file("p1", "docs/**", "documents:edit-content").build();
      assertThat(allowed(role, "documents:edit-content", at("p1", path))).isEqualTo(expected);
    }

    @Test
    void aFilePermissionAppliesOnlyWhenTheCheckNamesAMatchingPath() {
      CustomRole role = role("r").file("p1", "docs/**", "documents:full").build();
      assertThat(allowed(role, "documents:view-content", at("p1", "docs/a.md"))).isTrue();
      assertThat(allowed(role, "documents:view-content", at("p1"))).as("no path in the check").isFalse();
      assertThat(allowed(role, "documents:view-content", at("p1", "src/a.md"))).as("non-matching path").isFalse();
    }

    @Test
    void aFilePermissionAppliesOnlyToItsOwnProject() {
      CustomRole role = role("r").file("p1", "docs/**", "documents:view-content").build();
      assertThat(allowed(role, "documents:view-content", at("p1", "docs/a.md"))).isTrue();
      assertThat(allowed(role, "documents:view-content", at("p2", "docs/a.md"))).isFalse();
    }

    @Test
    void aFilePermissionAppliesWhateverTheRolesProjectScopeSays() {
      // projects [p2] only, allProjects false: the file permission on p1 still applies to p1
      CustomRole listed = role("r1").projects("p2").permissions("documents:view-content")
          .file("p1", "docs/*.md", "documents:edit-content").build();
      assertThat(allowed(listed, "documents:edit-content", at("p1", "docs/a.md"))).isTrue();
      assertThat(allowed(listed, "documents:view-content", at("p1", "docs/a.md"))).isTrue(); // implied
      assertThat(allowed(listed, "documents:view-content", at("p1", "src/a.md"))).isFalse();
      assertThat(allowed(listed, "documents:view-content", at("p2", "src/a.md"))).isTrue(); // from projects
      assertThat(allowed(listed, "documents:edit-content", at("p2", "docs/a.md"))).isFalse();

      // empty project list
      CustomRole none = role("r2").file("p1", "**", "documents:view-content").build();
      assertThat(allowed(none, "documents:view-content", at("p1", "anything/at/all.txt"))).isTrue();
      assertThat(allowed(none, "documents:view-content", at("p1"))).isFalse();

      // allProjects with a narrower project-level grant: the file permission adds edit only on p1's docs
      CustomRole all = role("r3").allProjects().permissions("documents:view-content")
          .file("p1", "docs/**", "documents:full").build();
      assertThat(allowed(all, "documents:edit-content", at("p1", "docs/x/a.md"))).isTrue();
      assertThat(allowed(all, "documents:edit-content", at("p2", "docs/x/a.md"))).isFalse();
      assertThat(allowed(all, "documents:edit-content", at("p1", "src/a.md"))).isFalse();
      assertThat(allowed(all, "documents:view-content", at("p2", "src/a.md"))).isTrue();
    }

    @ParameterizedTest(name = "file permission {0} ⇒ {1} on a matching path: {2}")
    @CsvSource({
        "documents:full, documents:full, true",
        "documents:full, documents:edit-content, true",
        "documents:full, documents:edit-view, true",
        "documents:full, documents:view-content, true",
        "documents:edit-content, documents:view-content, true",
        "documents:edit-view, documents:view-content, true",
        "documents:edit-content, documents:edit-view, false",
        "documents:edit-view, documents:edit-content, false",
        "documents:view-content, documents:edit-content, false",
        "documents:view-content, documents:full, false",
        "documents:full, project:admin, false",
        "documents:full, project:manage, false",
        "documents:full, branches:create, false",
    })
    void implicationsApplyToFilePermissions(String granted, String checked, boolean expected) {
      CustomRole role = role("r").file("p1", "handbook/**/*.md", granted).build();
      assertThat(allowed(role, checked, at("p1", "handbook/team/onboarding.md"))).isEqualTo(expected);
      assertThat(allowed(role, checked, at("p1", "handbook/onboarding.md"))).isEqualTo(expected);
      assertThat(allowed(role, checked, at("p1", "handbook/team/onboarding.txt"))).isFalse();
    }

    @Test
    void severalFilePermissionsOfOneRoleAddUp() {
      CustomRole role = role("r").file("p1", "docs/*.md", "documents:view-content")
          .file("p1", "docs/drafts/**", "documents:edit-content")
          .file("p2", "*", "documents:edit-view").build();
      assertThat(allowed(role, "documents:view-content", at("p1", "docs/a.md"))).isTrue();
      assertThat(allowed(role, "documents:edit-content", at("p1", "docs/a.md"))).isFalse();
      assertThat(allowed(role, "documents:edit-content", at("p1", "docs/drafts/q3/plan.md"))).isTrue();
      assertThat(allowed(role, "documents:view-content", at("p1", "docs/drafts/q3/plan.md"))).isTrue();
      assertThat(allowed(role, "documents:edit-view", at("p2", "board.md"))).isTrue();
      assertThat(allowed(role, "documents:edit-view", at("p2", "boards/board.md"))).isFalse();
      assertThat(allowed(role, "documents:edit-view", at("p1", "board.md"))).isFalse();
    }
  }

  // ---------------------------------------------------------------------------------------------
  @Nested
  class CheckValidation {
    @ParameterizedTest(name = "path \"{0}\" → 400")
    @ValueSource(strings = {"", "/", "/docs/a.md", "a//b", "docs/", "docs//", "//", "..", "../a.md", "docs/../a.md",
        "docs/..", "a/b/../../c", "v1..2/notes.md", "docs/a..md"})
    void anInvalidPathIsA400(String path) {
      assertInvalid(() -> Check.of("", "documents:view-content", at("p1", path)), "resource.path");
      // the field carries the caller's prefix (batch items)
      assertInvalid(() -> Check.of("checks[3].", "documents:view-content", at("p1", path)), "checks[3].resource.path");
      // also for account-level actions that name a project and a path
      assertInvalid(() -> Check.of("", "members:view", at("p1", path)), "resource.path");
    }

    @ParameterizedTest(name = "path \"{0}\" is valid")
    @ValueSource(strings = {"a", "docs/a.md", "docs/x/y/z.md", ".hidden", "a/./b", "with space/ü.md",
        "*/**"})
    void aValidPathIsAccepted(String path) {
      Check check = Check.of("", "documents:view-content", at("p1", path));
      assertThat(check.resource().path()).contains(path);
    }

    @ParameterizedTest(name = "path without project, {0} → 400")
    @ValueSource(strings = {"members:view", "projects:destructive", "logs:view"})
    void aPathWithoutAProjectIsA400(String action) {
      Resource resource = new Resource(Optional.empty(), Optional.of("docs/a.md"), Optional.empty(), Optional.empty());
      assertInvalid(() -> Check.of("", action, resource), "resource.path");
    }

    @ParameterizedTest(name = "action \"{0}\" → 400")
    @ValueSource(strings = {"members:fly", "MEMBERS:VIEW", "members:view ", "members", "documents:*", "*",
        "project:owner", "documents:edit"})
    void anUnknownActionIsA400(String action) {
      assertInvalid(() -> Check.of("", action, Resource.NONE), "action");
      assertInvalid(() -> Check.of("checks[0].", action, at("p1")), "checks[0].action");
    }

    @Test
    void aMissingActionIsA400() {
      assertInvalid(() -> Check.of("", null, Resource.NONE), "action");
      assertInvalid(() -> Check.of("", "", Resource.NONE), "action");
    }

    @TestFactory
    Stream<DynamicTest> aProjectLevelActionWithoutAProjectIsA400() {
      return projectLevel().stream().flatMap(action -> Stream.of(
          dynamicTest(action + " with no resource → 400",
              () -> assertInvalid(() -> Check.of("", action, Resource.NONE), "resource.project")),
          dynamicTest(action + " with an owner but no project → 400",
              () -> assertInvalid(() -> Check.of("", action, Resource.ownedBy(ME)), "resource.project"))));
    }

    @Test
    void aBlankProjectIsA400() {
      assertInvalid(() -> Check.of("", "project:manage", at("")), "resource.project");
      assertInvalid(() -> Check.of("", "project:manage", at("  ")), "resource.project");
    }

    @TestFactory
    Stream<DynamicTest> anAccountLevelActionNeedsNoResource() {
      return accountLevel().stream().map(action -> dynamicTest(action + " without resource is a valid check",
          () -> assertThat(Check.of("", action, Resource.NONE).action().wireName()).isEqualTo(action)));
    }

    @Test
    void theValidationErrorIsADomainExceptionOfKindInvalid() {
      assertThatThrownBy(() -> Check.of("", "nope:nope", Resource.NONE))
          .isInstanceOf(DomainException.class)
          .satisfies(e -> assertThat(((DomainException) e).kind()).isEqualTo(DomainException.Kind.INVALID))
          .satisfies(e -> assertThat(((DomainException) e).code()).isEqualTo("invalid-request"));
    }
  }

  // ---------------------------------------------------------------------------------------------
  @Nested
  class IdpGroups {
    private final CustomRole docs = role("r-docs").name("Docs editors").groups("eng", "writers").projects("p1")
        .permissions("documents:edit-content").build();
    private final CompiledRoles catalog = CompiledRoles.compile(List.of(docs));

    @Test
    void aMemberInOneOfTheRolesGroupsHoldsTheRole() {
      for (String group : List.of("eng", "writers")) {
        Decision decision = decide(catalog, RoleHolder.member(ME, List.of(), Set.of(group)), "documents:edit-content",
            at("p1"));
        assertThat(decision.allowed()).as(group).isTrue();
        assertThat(decision.reason()).contains("Docs editors").contains(group);
      }
      // with other groups and other roles beside
      assertThat(decide(catalog, RoleHolder.member(ME, List.of("member"), Set.of("sales", "eng")),
          "documents:view-content", at("p1")).allowed()).isTrue();
    }

    @Test
    void aMemberInNoneOfTheRolesGroupsDoesNotHoldIt() {
      assertThat(decide(catalog, RoleHolder.member(ME, List.of("member"), Set.of("sales", "ENG", "eng ")),
          "documents:edit-content", at("p1")).allowed()).isFalse();
      assertThat(decide(catalog, RoleHolder.member(ME, List.of(), Set.of()), "documents:edit-content", at("p1"))
          .allowed()).isFalse();
    }

    @Test
    void aGroupRoleStillOnlyAppliesToItsProjects() {
      assertThat(decide(catalog, RoleHolder.member(ME, List.of(), Set.of("eng")), "documents:edit-content",
          at("p2")).allowed()).isFalse();
    }

    @Test
    void aNonMembersGroupsGrantNothing() {
      Decision none = decide(catalog, RoleHolder.none(ME), "documents:edit-content", at("p1"));
      assertThat(none.allowed()).isFalse();
      assertThat(none.reason()).isNotBlank();

      // even when the non-member's token carries the group (and claims roles)
      RoleHolder stranger = new RoleHolder(ME, false, List.of("owner", "r-docs"), Set.of("eng", "writers"));
      for (Action action : Action.values()) {
        Resource resource = action.level() == Action.Level.PROJECT ? at("p1", "docs/a.md") : Resource.ownedBy(ME);
        Decision decision = decide(catalog, stranger, action.wireName(), resource);
        assertThat(decision.allowed()).as(action.wireName()).isFalse();
        assertThat(decision.reason()).isNotBlank();
      }
    }

    @Test
    void aServiceAccountHasNoGroups() {
      assertThat(RoleHolder.serviceAccount("sa-1", List.of()).groups()).isEmpty();
      assertThat(decide(catalog, RoleHolder.serviceAccount("sa-1", List.of()), "documents:edit-content", at("p1"))
          .allowed()).isFalse();
      assertThat(decide(catalog, RoleHolder.serviceAccount("sa-1", List.of("r-docs")), "documents:edit-content",
          at("p1")).allowed()).isTrue();
    }

    @Test
    void aDeletedRoleNoLongerComesThroughItsGroup() {
      CompiledRoles afterDelete = CompiledRoles.compile(List.of());
      assertThat(decide(afterDelete, RoleHolder.member(ME, List.of(), Set.of("eng")), "documents:edit-content",
          at("p1")).allowed()).isFalse();
    }
  }

  // ---------------------------------------------------------------------------------------------
  @Nested
  class AssignmentsAndReasons {
    private final CustomRole releasers = role("r-rel").name("Release managers").allProjects()
        .permissions("releases:deploy", "members:invite").build();

    @Test
    void unknownOrDeletedRoleIdsGrantNothing() {
      CompiledRoles withRole = CompiledRoles.compile(List.of(releasers));
      CompiledRoles deleted = CompiledRoles.compile(List.of());
      RoleHolder holder = RoleHolder.member(ME, List.of("r-rel"), Set.of());
      assertThat(decide(withRole, holder, "releases:deploy", at("p1")).allowed()).isTrue();
      assertThat(decide(deleted, holder, "releases:deploy", at("p1")).allowed()).isFalse();
      assertThat(decide(deleted, holder, "members:invite", Resource.NONE).allowed()).isFalse();

      RoleHolder ghosts = RoleHolder.member(ME, List.of("r-gone", "Owner", "OWNER", "owner ", "Release managers"),
          Set.of());
      for (Action action : Action.values()) {
        Resource resource = action.level() == Action.Level.PROJECT ? at("p1") : Resource.ownedBy(ME);
        assertThat(decide(withRole, ghosts, action.wireName(), resource).allowed()).as(action.wireName()).isFalse();
      }
    }

    @Test
    void aHolderWithNoRoleIsDeniedWithAReason() {
      Decision decision = decide(CompiledRoles.compile(List.of(releasers)), RoleHolder.member(ME, List.of(), Set.of()),
          "releases:deploy", at("p1"));
      assertThat(decision.allowed()).isFalse();
      assertThat(decision.reason()).contains("releases:deploy");
    }

    @Test
    void aDenyHasAReason() {
      Decision decision = decide(CompiledRoles.compile(List.of(releasers)), RoleHolder.member(ME, List.of("member",
          "r-rel"), Set.of()), "releases:delete", at("p1", "x/y"));
      assertThat(decision.allowed()).isFalse();
      assertThat(decision.reason()).isNotBlank().contains("releases:delete");

      Decision none = decide(CompiledRoles.compile(List.of(releasers)), RoleHolder.none(ME), "members:view",
          Resource.NONE);
      assertThat(none.allowed()).isFalse();
      assertThat(none.reason()).isNotBlank();
    }

    @Test
    void anAllowNamesTheRoleThatGranted() {
      CompiledRoles catalog = CompiledRoles.compile(List.of(releasers));
      Decision custom = decide(catalog, RoleHolder.member(ME, List.of("member", "r-rel"), Set.of()), "releases:deploy",
          at("p1"));
      assertThat(custom.allowed()).isTrue();
      assertThat(custom.reason()).contains("Release managers");

      Decision builtIn = decide(catalog, RoleHolder.member(ME, List.of("r-rel", "owner"), Set.of()), "roles:manage",
          Resource.NONE);
      assertThat(builtIn.allowed()).isTrue();
      assertThat(builtIn.reason()).contains("owner");

      Decision own = decide(catalog, RoleHolder.member(ME, List.of("member"), Set.of()), "projects:destructive",
          Resource.ownedBy(ME));
      assertThat(own.allowed()).isTrue();
      assertThat(own.reason()).contains("member");
    }

    @Test
    void rolesAddUp() {
      CustomRole docs = role("r-docs").projects("p1").permissions("documents:view-content").build();
      CompiledRoles catalog = CompiledRoles.compile(List.of(releasers, docs));
      RoleHolder holder = RoleHolder.member(ME, List.of("r-docs"), Set.of());
      assertThat(decide(catalog, holder, "releases:deploy", at("p1")).allowed()).isFalse();
      RoleHolder both = RoleHolder.member(ME, List.of("r-docs", "r-rel"), Set.of());
      assertThat(decide(catalog, both, "releases:deploy", at("p1")).allowed()).isTrue();
      assertThat(decide(catalog, both, "documents:view-content", at("p1")).allowed()).isTrue();
      assertThat(decide(catalog, both, "documents:view-content", at("p2")).allowed()).isFalse();
    }

    @Test
    void holdsEverywhereIsTheResourceFreeCheck() {
      CompiledRoles catalog = CompiledRoles.compile(List.of(releasers));
      RoleHolder member = RoleHolder.member(ME, List.of("member"), Set.of());
      assertThat(engine.holdsEverywhere(catalog, member, Action.MEMBERS_VIEW)).isTrue();
      assertThat(engine.holdsEverywhere(catalog, member, Action.MEMBERS_INVITE)).isFalse();
      // "own only" is not "everywhere"
      assertThat(engine.holdsEverywhere(catalog, member, Action.PROJECTS_DESTRUCTIVE)).isFalse();
      assertThat(engine.holdsEverywhere(catalog, RoleHolder.member(ME, List.of("r-rel"), Set.of()),
          Action.MEMBERS_INVITE)).isTrue();
      assertThat(engine.holdsEverywhere(catalog, RoleHolder.none(ME), Action.MEMBERS_VIEW)).isFalse();
    }

    @Test
    void duplicateRoleIdsInACatalogAreRejected() {
      assertThatThrownBy(() -> CompiledRoles.compile(List.of(releasers, releasers)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> CompiledRoles.compile(List.of(role("owner").build())))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  // ---------------------------------------------------------------------------------------------
  @Nested
  class PathGlobs {
    private boolean matches(String glob, String path) {
      return PathGlob.compile("glob", glob).matches(ResourcePaths.segments("path", path));
    }

    @ParameterizedTest(name = "{0} vs {1} → {2}")
    @CsvSource({
        // literal
        "docs/a.md, docs/a.md, true",
        "docs/a.md, docs/A.md, false",
        "docs/a.md, docs/a.md/b, false",
        "docs/a.md, docs, false",
        // * within one segment
        "*, a, true",
        "*, a/b, false",
        "docs/*, docs/a, true",
        "docs/*, docs, false",
        "docs/*, docs/a/b, false",
        "docs/*.md, docs/a.md, true",
        "docs/*.md, docs/x/a.md, false",
        "*/a.md, x/a.md, true",
        "*/a.md, a.md, false",
        "*/a.md, x/y/a.md, false",
        // several * in one segment
        "*-*.md, a-b.md, true",
        "*-*.md, a-b-c.md, true",
        "*-*.md, -.md, true",
        "*-*.md, ab.md, false",
        "*-*.md, a-b.txt, false",
        "a*b*c, abc, true",
        "a*b*c, aXXbYYc, true",
        "a*b*c, abcbc, true",
        "a*b*c, acb, false",
        "a*b*c, aXbYcZ, false",
        "*.*, a.b, true",
        "*.*, ab, false",
        // ** at the start
        "**/a.md, a.md, true",
        "**/a.md, x/a.md, true",
        "**/a.md, x/y/z/a.md, true",
        "**/a.md, x/a.mdx, false",
        "**/a.md, x/b.md, false",
        "**/*.md, a.md, true",
        "**/*.md, x/y/a.md, true",
        "**/*.md, x/y/a.txt, false",
        // ** in the middle
        "docs/**/a.md, docs/a.md, true",
        "docs/**/a.md, docs/x/a.md, true",
        "docs/**/a.md, docs/x/y/z/a.md, true",
        "docs/**/a.md, docs/x/b.md, false",
        "docs/**/a.md, other/x/a.md, false",
        "docs/**/a.md, docs/x/a.md/y, false",
        "a/**/b/**/c, a/b/c, true",
        "a/**/b/**/c, a/x/b/y/z/c, true",
        "a/**/b/**/c, a/b/b/c/c, true",
        "a/**/b/**/c, a/x/c, false",
        "a/**/**/b, a/b, true",
        "a/**/**/b, a/x/y/b, true",
        // ** at the end
        "docs/**, docs, true",
        "docs/**, docs/a, true",
        "docs/**, docs/x/y/z.md, true",
        "docs/**, docsx/a, false",
        "docs/**, x/docs/a, false",
        // ** alone
        "**, a, true",
        "**, a/b/c/d, true",
        // ** inside a segment is two single-segment stars
        "a**, abc, true",
        "a**, a/b, false",
        "**.md, x.md, true",
        "**.md, x/y.md, false",
    })
    void matching(String glob, String path, boolean expected) {
      assertThat(matches(glob, path)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "glob \"{0}\" → 400")
    @ValueSource(strings = {"", "/", "/docs/*", "/**", "docs//a.md", "docs/", "**/", "//", "..", "../*", "docs/../*",
        "docs/**/..", "a\\b"})
    void anInvalidGlobIsRejectedAtCompile(String glob) {
      assertInvalid(() -> PathGlob.compile("filePermissions[0].path", glob), "filePermissions[0].path");
    }

    @Test
    void aCustomRoleWithAnInvalidGlobDoesNotCompile() {
      CustomRole bad = role("r").file("p1", "docs/../secrets/**", "documents:view-content").build();
      assertThatThrownBy(() -> CompiledRoles.compile(List.of(bad))).isInstanceOf(DomainException.class);
    }

    @Test
    void theSourceIsKept() {
      assertThat(PathGlob.compile("g", "docs/**/**/*.md").source()).isEqualTo("docs/**/**/*.md");
      assertThat(PathGlob.compile("g", "docs/**/*.md")).hasToString("docs/**/*.md");
    }

    @Test
    void pathologicalGlobsStayFast() {
      // issue 3: the engine is "pure and fast" and answers on every request; a custom role's glob with many
      // "**" against a long path that almost matches must not explode combinatorially
      String glob = "**/a/**/a/**/a/**/a/**/a/**/a/**/b";
      String path = String.join("/", Collections.nCopies(500, "a"));
      PathGlob compiled = PathGlob.compile("g", glob);
      String stars = String.join("", Collections.nCopies(60, "*a")) + "*b";
      assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
        assertThat(compiled.matches(ResourcePaths.segments("p", path + "/c"))).isFalse();
        assertThat(compiled.matches(ResourcePaths.segments("p", path + "/b"))).isTrue();
        assertThat(PathGlob.segmentMatches(stars, "a".repeat(1000))).isFalse();
        assertThat(PathGlob.segmentMatches(stars, "a".repeat(1000) + "b")).isTrue();
      });
    }
  }
}
