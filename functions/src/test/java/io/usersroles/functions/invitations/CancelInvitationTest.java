package io.usersroles.functions.invitations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import org.junit.jupiter.api.Test;

/** DELETE /orgs/{orgId}/invitations/{invitationId}: the link dies, idempotently; what may be cancelled, by whom. */
class CancelInvitationTest extends InvitationRoutesFixture {
  @Test
  void cancelAnswers204KillsTheLinkAndIsIdempotent() {
    User alice = api.user("alice");
    String id = invitationIds(api.invite(owner, orgId, null, alice)).get(0);
    String token = api.latestToken(alice.email());

    Response cancelled = api.call(owner, "DELETE", invitations(orgId) + "/" + id);

    assertThat(cancelled.status()).isEqualTo(204);
    assertThat(cancelled.json().isMissingNode()).isTrue();
    assertProblem(accept(alice, token), 404);
    JsonNode listed = onlyItem(api.call(owner, "GET", invitations(orgId)));
    assertThat(listed.get("status").asText()).isEqualTo("cancelled");
    assertThat(api.call(owner, "GET", "/orgs/" + orgId + "/users?status=pending").json().get("items")).isEmpty();

    assertThat(api.call(owner, "DELETE", invitations(orgId) + "/" + id).status()).isEqualTo(204);
    assertThat(onlyItem(api.call(owner, "GET", invitations(orgId)))).isEqualTo(listed);

    // the address is free again
    Response again = api.invite(owner, orgId, null, alice);
    assertThat(statuses(again)).containsExactly("invited");
    assertThat(accept(alice, api.latestToken(alice.email())).status()).isEqualTo(200);
  }

  @Test
  void cancellingAnExpiredInvitationMakesItsLinkUnknown() {
    User alice = api.user("alice");
    String id = invitationIds(api.invite(owner, orgId, null, alice)).get(0);
    String token = api.latestToken(alice.email());
    api.clock.advance(PAST_EXPIRY);
    assertProblem(accept(alice, token), 410);

    assertThat(api.call(owner, "DELETE", invitations(orgId) + "/" + id).status()).isEqualTo(204);

    assertProblem(accept(alice, token), 404);
    assertThat(onlyItem(api.call(owner, "GET", invitations(orgId))).get("status").asText()).isEqualTo("cancelled");
  }

  @Test
  void cancellingAnExpiredInvitationKeptAsHistoryMakesItsLinkUnknown() {
    User alice = api.user("alice");
    String oldId = invitationIds(api.invite(owner, orgId, null, alice)).get(0);
    String oldToken = api.latestToken(alice.email());
    api.clock.advance(PAST_EXPIRY);
    // a new invitation moves the expired one to history, where its link still answers "expired"
    String newId = invitationIds(api.invite(owner, orgId, null, alice)).get(0);
    assertProblem(accept(alice, oldToken), 410);

    assertThat(api.call(owner, "DELETE", invitations(orgId) + "/" + oldId).status()).isEqualTo(204);

    assertProblem(accept(alice, oldToken), 404);
    assertThat(idsWithStatus("cancelled")).containsExactly(oldId);
    assertThat(idsWithStatus("pending")).containsExactly(newId);
    assertThat(accept(alice, api.latestToken(alice.email())).status()).isEqualTo(200);
  }

  @Test
  void cancellingAnAcceptedInvitationIs409AndChangesNothing() {
    User alice = api.user("alice");
    String id = invitationIds(api.invite(owner, orgId, null, alice)).get(0);
    assertThat(accept(alice, api.latestToken(alice.email())).status()).isEqualTo(200);

    assertProblem(api.call(owner, "DELETE", invitations(orgId) + "/" + id), 409);

    assertThat(onlyItem(api.call(owner, "GET", invitations(orgId))).get("status").asText()).isEqualTo("accepted");
    assertThat(api.call(alice, "GET", "/orgs/" + orgId).status()).isEqualTo(200);
  }

  @Test
  void unknownInvitationsAre404AndOnlyInvitersMayCancel() {
    String otherOrg = api.createOrg(owner, "Other");
    String foreignId = invitationIds(api.invite(owner, otherOrg, null, api.user("a"))).get(0);
    User member = api.user("member");
    api.join(owner, orgId, member, null);
    User alice = api.user("alice");
    String id = invitationIds(api.invite(owner, orgId, null, alice)).get(0);

    assertProblem(api.call(owner, "DELETE", invitations(orgId) + "/" + foreignId), 404);
    assertProblem(api.call(owner, "DELETE", invitations(orgId) + "/inv_nope"), 404);
    assertProblem(api.call(member, "DELETE", invitations(orgId) + "/" + id), 403);
    assertProblem(api.call(api.user("stranger"), "DELETE", invitations(orgId) + "/" + id), 404);
    assertProblem(api.call((User) null, "DELETE", invitations(orgId) + "/" + id), 401);

    assertThat(onlyItem(api.call(owner, "GET", invitations(orgId) + "?status=pending")).get("id").asText())
        .isEqualTo(id);
    assertThat(accept(alice, api.latestToken(alice.email())).status()).isEqualTo(200);
  }
}
