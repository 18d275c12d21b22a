package io.usersroles.functions.roles;

import static io.usersroles.functions.roles.RoleHandlersTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No escalation covers taking away and renewing as well as granting: changing or deleting a custom
 * role needs every permission of its old content (not only the new), resending an invitation grants
 * its roles again, and a deleted role disappears from open invitations, so accepting one grants only
 * roles that still exist.
 */
class TakingAwayAndRenewingTest {
  private final Api api = new Api();
  private final User owner = api.user("owner");
  /** Holds roles:manage, members:invite and members:view through a custom role, and nothing else. */
  private final User manager = api.user("manager");
  private final String orgId = api.createOrg(owner, "Takers Co");
  private final String managers = createRole("{\"name\":\"Managers\",\"permissions\":[\"roles:manage\","
      + "\"members:invite\",\"members:view\"]}");

  TakingAwayAndRenewingTest() {
    api.join(owner, orgId, manager, "[\"" + managers + "\"]");
  }

  private String createRole(String body) {
    Response created = api.call(owner, "POST", "/orgs/" + orgId + "/roles", body);
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    return created.json().get("id").asText();
  }

  private JsonNode role(String id) {
    Response read = api.call(owner, "GET", "/orgs/" + orgId + "/roles/" + id);
    assertThat(read.status()).as(read.json().toString()).isEqualTo(200);
    return read.json();
  }

  @Test
  void aRoleGrantingWhatTheCallerLacksCanNeitherBeEmptiedNorDeleted() {
    String upgraders = createRole("{\"name\":\"Upgraders\",\"permissions\":[\"clusters:upgrade\"]}");
    JsonNode before = role(upgraders);
    int items = api.itemCount();

    assertProblem(api.call(manager, "PUT", "/orgs/" + orgId + "/roles/" + upgraders,
        "{\"name\":\"Upgraders\",\"permissions\":[]}"), 403, null);
    assertProblem(api.call(manager, "PUT", "/orgs/" + orgId + "/roles/" + upgraders,
        "{\"name\":\"Renamed\",\"permissions\":[\"members:view\"]}"), 403, null);
    assertProblem(api.call(manager, "DELETE", "/orgs/" + orgId + "/roles/" + upgraders), 403, null);

    assertThat(role(upgraders)).isEqualTo(before);
    assertThat(api.itemCount()).isEqualTo(items);
    // the owner holds clusters:upgrade, so the same changes are the owner's to make
    assertThat(api.call(owner, "PUT", "/orgs/" + orgId + "/roles/" + upgraders,
        "{\"name\":\"Upgraders\",\"permissions\":[]}").status()).isEqualTo(200);
    assertThat(api.call(owner, "DELETE", "/orgs/" + orgId + "/roles/" + upgraders).status()).isEqualTo(204);
  }

  @Test
  void aRoleCannotBeCreatedOrRewrittenToGrantMoreThanTheCallerHoldsEvenItsOwn() {
    int items = api.itemCount();
    JsonNode ownBefore = role(managers);

    // a new role, a file permission, and the caller's own role: each judged by what the caller holds now
    assertEscalation(api.call(manager, "POST", "/orgs/" + orgId + "/roles",
        "{\"name\":\"Removers\",\"permissions\":[\"members:view\",\"members:remove\"]}"));
    assertEscalation(api.call(manager, "POST", "/orgs/" + orgId + "/roles",
        "{\"name\":\"Editors\",\"filePermissions\":[{\"project\":\"p1\",\"path\":\"docs/**\","
            + "\"permissions\":[\"documents:edit-content\"]}]}"));
    assertEscalation(api.call(manager, "PUT", "/orgs/" + orgId + "/roles/" + managers,
        "{\"name\":\"Managers\",\"permissions\":[\"roles:manage\",\"members:invite\",\"members:view\","
            + "\"members:remove\"]}"));

    assertThat(role(managers)).isEqualTo(ownBefore);
    assertThat(api.itemCount()).isEqualTo(items);
  }

  private static void assertEscalation(Response response) {
    assertProblem(response, 403, null);
    assertThat(response.json().get("type").asText()).isEqualTo("urn:users-and-roles:problem:role-escalation");
  }

  @Test
  void aRoleWithinTheCallersPermissionsMayBeChangedAndDeleted() {
    String viewers = createRole("{\"name\":\"Viewers\",\"permissions\":[\"members:view\"]}");
    Response changed = api.call(manager, "PUT", "/orgs/" + orgId + "/roles/" + viewers,
        "{\"name\":\"Viewers\",\"permissions\":[\"members:invite\"]}");
    assertThat(changed.status()).as(changed.json().toString()).isEqualTo(200);
    assertThat(api.call(manager, "DELETE", "/orgs/" + orgId + "/roles/" + viewers).status()).isEqualTo(204);
  }

  @Test
  void resendingAnInvitationGrantsItsRolesAgainSoItNeedsThem() {
    User invitee = api.user("invitee");
    api.invite(owner, orgId, "[\"owner\"]", invitee);
    String id = invitationId(invitee);
    int emails = api.emailsTo(invitee.email()).size();
    JsonNode before = invitation(id);

    assertProblem(api.call(manager, "POST", "/orgs/" + orgId + "/invitations/" + id + "/resend"), 403, null);

    assertThat(invitation(id)).isEqualTo(before);
    assertThat(api.emailsTo(invitee.email())).hasSize(emails);
    // and an expired owner invitation is not brought back by someone who may not make owners
    api.clock.advance(Duration.ofDays(8));
    assertProblem(api.call(manager, "POST", "/orgs/" + orgId + "/invitations/" + id + "/resend"), 403, null);
    assertThat(invitation(id).get("status").asText()).isEqualTo("expired");
    Response byOwner = api.call(owner, "POST", "/orgs/" + orgId + "/invitations/" + id + "/resend");
    assertThat(byOwner.status()).as(byOwner.json().toString()).isEqualTo(200);
  }

  @Test
  void aDeletedRoleLeavesOpenInvitationsAndAcceptingGrantsOnlyRolesThatExist() {
    String temporary = createRole("{\"name\":\"Temporary\",\"permissions\":[\"members:view\"]}");
    User invitee = api.user("invitee");
    api.invite(owner, orgId, "[\"member\",\"" + temporary + "\"]", invitee);
    String id = invitationId(invitee);
    assertThat(roles(invitation(id))).containsExactly("member", temporary);

    assertThat(api.call(owner, "DELETE", "/orgs/" + orgId + "/roles/" + temporary).status()).isEqualTo(204);

    assertThat(roles(invitation(id))).containsExactly("member");
    Response accepted = api.call(invitee, "POST", "/invitations/accept",
        Api.json("token", api.latestToken(invitee.email())));
    assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(200);
    assertThat(roles(accepted.json())).containsExactly("member");
    Response row = api.call(owner, "GET", "/orgs/" + orgId + "/users?status=active&type=member&limit=100");
    JsonNode mine = null;
    for (JsonNode user : row.json().get("items")) {
      if (user.get("id").asText().equals(invitee.userId())) {
        mine = user;
      }
    }
    assertThat(mine).as(row.json().toString()).isNotNull();
    assertThat(roles(mine)).containsExactly("member");
  }

  @Test
  void acceptingAnInvitationWhoseOnlyRoleWasDeletedGrantsNoRole() {
    String temporary = createRole("{\"name\":\"Temporary\",\"permissions\":[\"members:view\"]}");
    User invitee = api.user("invitee");
    api.invite(owner, orgId, "[\"" + temporary + "\"]", invitee);
    assertThat(api.call(owner, "DELETE", "/orgs/" + orgId + "/roles/" + temporary).status()).isEqualTo(204);

    Response accepted = api.call(invitee, "POST", "/invitations/accept",
        Api.json("token", api.latestToken(invitee.email())));
    assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(200);
    assertThat(roles(accepted.json())).isEmpty();
    // a member without roles may do nothing, not even see the org's members
    assertProblem(api.call(invitee, "GET", "/orgs/" + orgId + "/users"), 403, null);
  }

  private String invitationId(User invitee) {
    Response list = api.call(owner, "GET", "/orgs/" + orgId + "/invitations?status=pending&limit=100");
    for (JsonNode invitation : list.json().get("items")) {
      if (invitation.get("email").asText().equals(invitee.email())) {
        return invitation.get("id").asText();
      }
    }
    throw new AssertionError("no pending invitation for " + invitee.email() + " in " + list.json());
  }

  private JsonNode invitation(String id) {
    Response list = api.call(owner, "GET", "/orgs/" + orgId + "/invitations?limit=100");
    for (JsonNode invitation : list.json().get("items")) {
      if (invitation.get("id").asText().equals(id)) {
        return invitation;
      }
    }
    throw new AssertionError("no invitation " + id + " in " + list.json());
  }

  private static List<String> roles(JsonNode holder) {
    List<String> roles = new ArrayList<>();
    holder.get("roles").forEach(role -> roles.add(role.asText()));
    return roles;
  }
}
