package io.usersroles.access;

import static io.usersroles.access.CustomRoleFixture.ME;
import static io.usersroles.access.CustomRoleFixture.at;
import static io.usersroles.access.CustomRoleFixture.decide;
import static io.usersroles.access.CustomRoleFixture.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Assigned role ids (unknown, deleted, several) and the reason each decision gives. */
class AssignmentsAndReasonsTest {
  private final PermissionEngine engine = new PermissionEngine();
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
