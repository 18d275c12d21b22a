package io.usersroles.access;

import static io.usersroles.access.CustomRoleFixture.accountLevel;
import static io.usersroles.access.CustomRoleFixture.allowed;
import static io.usersroles.access.CustomRoleFixture.at;
import static io.usersroles.access.CustomRoleFixture.projectLevel;
import static io.usersroles.access.CustomRoleFixture.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** A custom role's project scope: the listed projects, an empty list, allProjects. */
class ProjectScopeTest {
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
