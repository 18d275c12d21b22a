package io.usersroles.access;

import static io.usersroles.access.CustomRoleFixture.ME;
import static io.usersroles.access.CustomRoleFixture.accountLevel;
import static io.usersroles.access.CustomRoleFixture.assertInvalid;
import static io.usersroles.access.CustomRoleFixture.at;
import static io.usersroles.access.CustomRoleFixture.projectLevel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.usersroles.domain.DomainException;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The validation of a check (action, project, path) into 400s before any role is asked. */
class CheckValidationTest {
  @ParameterizedTest(name = "path \"{0}\" → 400")
  @ValueSource(strings = {"", "/", "/docs/a.md", "a//b", "docs/", "docs//", "//", "..", "../a.md", "docs/../a.md",
      "docs/..", "a/b/../../c", "v1..2/notes.md", "docs/a..md", "a/./b"})
  void anInvalidPathIsA400(String path) {
    assertInvalid(() -> Check.of("", "documents:view-content", at("p1", path)), "resource.path");
    // the field carries the caller's prefix (batch items)
    assertInvalid(() -> Check.of("checks[3].", "documents:view-content", at("p1", path)), "checks[3].resource.path");
    // also for account-level actions that name a project and a path
    assertInvalid(() -> Check.of("", "members:view", at("p1", path)), "resource.path");
  }

  @ParameterizedTest(name = "path \"{0}\" is valid")
  @ValueSource(strings = {"a", "docs/a.md", "docs/x/y/z.md", ".hidden", "with space/ü.md",
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
