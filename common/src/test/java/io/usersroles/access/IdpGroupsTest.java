package io.usersroles.access;

import static io.usersroles.access.CustomRoleFixture.ME;
import static io.usersroles.access.CustomRoleFixture.at;
import static io.usersroles.access.CustomRoleFixture.decide;
import static io.usersroles.access.CustomRoleFixture.role;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Custom roles held through IdP groups: for members only, on the role's projects. */
class IdpGroupsTest {
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
