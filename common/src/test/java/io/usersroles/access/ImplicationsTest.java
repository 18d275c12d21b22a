package io.usersroles.access;

import static io.usersroles.access.CustomRoleFixture.ME;
import static io.usersroles.access.CustomRoleFixture.accountLevel;
import static io.usersroles.access.CustomRoleFixture.allowed;
import static io.usersroles.access.CustomRoleFixture.at;
import static io.usersroles.access.CustomRoleFixture.projectLevel;
import static io.usersroles.access.CustomRoleFixture.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The implications between actions, inside a custom role's projects only. */
class ImplicationsTest {
  /** The implications of docs/permissions.md, typed here: granted action → the actions it implies (besides itself). */
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
