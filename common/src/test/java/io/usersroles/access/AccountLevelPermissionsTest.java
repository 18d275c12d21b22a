package io.usersroles.access;

import static io.usersroles.access.CustomRoleFixture.ME;
import static io.usersroles.access.CustomRoleFixture.SOMEONE;
import static io.usersroles.access.CustomRoleFixture.allowed;
import static io.usersroles.access.CustomRoleFixture.at;
import static io.usersroles.access.CustomRoleFixture.role;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A custom role's account-level permissions: org-wide, whatever its project scope. */
class AccountLevelPermissionsTest {
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
