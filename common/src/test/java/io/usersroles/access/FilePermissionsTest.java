package io.usersroles.access;

import static io.usersroles.access.CustomRoleFixture.allowed;
import static io.usersroles.access.CustomRoleFixture.at;
import static io.usersroles.access.CustomRoleFixture.role;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A custom role's file permissions: globs on paths, per project, with implications. */
class FilePermissionsTest {
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
