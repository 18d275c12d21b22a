package io.usersroles.access;

import static io.usersroles.access.CustomRoleFixture.allowed;
import static io.usersroles.access.CustomRoleFixture.assertInvalid;
import static io.usersroles.access.CustomRoleFixture.at;
import static io.usersroles.access.CustomRoleFixture.role;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Paths are canonical ('.' segments refused like '..') and bounded: a check's path at most 1,024
 * characters, a role's glob at most 256. Roles stored by earlier releases, which allowed both, keep working.
 */
class PathRulesTest {
  @ParameterizedTest(name = "path \"{0}\" → 400")
  @ValueSource(strings = {".", "./a.md", "docs/.", "docs/./a.md", "a/./b/./c", "*/./**"})
  void aDotSegmentInACheckPathIsA400(String path) {
    assertInvalid(() -> Check.of("", "documents:view-content", at("p1", path)), "resource.path");
    assertInvalid(() -> Check.of("checks[2].", "documents:view-content", at("p1", path)), "checks[2].resource.path");
  }

  @ParameterizedTest(name = "glob \"{0}\" → 400")
  @ValueSource(strings = {".", "./*", "docs/.", "docs/./readme.md", "**/./*.md", "*/./**"})
  void aDotSegmentInAGlobIsA400(String glob) {
    assertInvalid(() -> PathGlob.compile("filePermissions[0].path", glob), "filePermissions[0].path");
  }

  @ParameterizedTest(name = "\"{0}\" is valid")
  @ValueSource(strings = {".hidden", "docs/.config", "a./b", "docs/a.md.", "x/.x./y", "*.", ".*"})
  void aDotInsideASegmentIsFine(String path) {
    assertThat(Check.of("", "documents:view-content", at("p1", path)).pathSegments()).contains(path.split("/"));
    assertThat(PathGlob.compile("g", path).source()).isEqualTo(path);
  }

  @Test
  void aDotSegmentNoLongerWidensAGlob() {
    // it used to: docs/./readme.md matched docs/*/readme.md, which does not cover docs/readme.md
    CustomRole role = role("r").file("p1", "docs/*/readme.md", "documents:view-content").build();
    assertInvalid(() -> allowed(role, "documents:view-content", at("p1", "docs/./readme.md")), "resource.path");
    assertThat(allowed(role, "documents:view-content", at("p1", "docs/readme.md"))).isFalse();
    assertThat(allowed(role, "documents:view-content", at("p1", "docs/team/readme.md"))).isTrue();
  }

  @Test
  void aCheckPathIsAtMost1024Characters() {
    String longest = "docs/" + "x".repeat(1019);
    assertThat(longest).hasSize(1024);
    assertThat(Check.of("", "documents:view-content", at("p1", longest)).pathSegments()).hasSize(2);
    assertInvalid(() -> Check.of("", "documents:view-content", at("p1", longest + "x")), "resource.path");
    CustomRole role = role("r").file("p1", "docs/*", "documents:view-content").build();
    assertThat(allowed(role, "documents:view-content", at("p1", longest))).isTrue();
  }

  @Test
  void aGlobIsAtMost256Characters() {
    String longest = "docs/**/" + "x".repeat(247) + "*";
    assertThat(longest).hasSize(256);
    assertThat(PathGlob.compile("filePermissions[3].path", longest).source()).isEqualTo(longest);
    assertInvalid(() -> PathGlob.compile("filePermissions[3].path", longest + "x"), "filePermissions[3].path");
    assertInvalid(() -> PathGlob.compile("filePermissions[3].path", "a".repeat(1024)), "filePermissions[3].path");
  }

  @Test
  void aRoleStoredBeforeTheseRulesStillCompilesAndItsDotGlobsMatchNothing() {
    // an earlier release accepted globs of up to 1,024 characters and '.' segments; a stored role that no longer
    // compiled would fail every check of its org, so stored globs are compiled under the rules they were written by
    String longGlob = "docs/" + "y".repeat(600) + "/**";
    CustomRole stored = role("r").file("p1", longGlob, "documents:view-content")
        .file("p1", "notes/./*.md", "documents:full")
        .file("p1", "src/**", "documents:edit-view").build();
    CompiledRoles catalog = CompiledRoles.compile(List.of(stored));
    RoleHolder holder = RoleHolder.member(CustomRoleFixture.ME, List.of("r"), java.util.Set.of());
    PermissionEngine engine = new PermissionEngine();
    assertThat(engine.decide(catalog, holder, Check.of("", "documents:view-content",
        at("p1", "docs/" + "y".repeat(600) + "/a.md"))).allowed()).isTrue();
    assertThat(engine.decide(catalog, holder, Check.of("", "documents:edit-view", at("p1", "src/a.md"))).allowed())
        .isTrue();
    // no valid path has a '.' segment, so the '.' glob grants nothing
    assertThat(engine.decide(catalog, holder, Check.of("", "documents:full", at("p1", "notes/a.md"))).allowed())
        .isFalse();
    // what was never valid still is not
    CustomRole traversal = role("t").file("p1", "docs/../x", "documents:full").build();
    assertInvalid(() -> CompiledRoles.compile(List.of(traversal)), "filePermissions.path");
  }
}
