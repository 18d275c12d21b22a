package io.usersroles.access;

import static io.usersroles.access.CustomRoleFixture.assertInvalid;
import static io.usersroles.access.CustomRoleFixture.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.usersroles.domain.DomainException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** PathGlob: matching, invalid globs refused at compile, pathological globs still fast. */
class PathGlobTest {
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
