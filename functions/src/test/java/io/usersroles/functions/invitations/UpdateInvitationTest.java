package io.usersroles.functions.invitations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * PATCH /orgs/{orgId}/invitations/{invitationId}: new roles for an open invitation, with its link,
 * expiry and sends as they were; no escalation in either direction; closed invitations are 409.
 */
class UpdateInvitationTest extends InvitationRoutesFixture {
  private Response patch(User caller, String id, String rolesJson) {
    return api.call(caller, "PATCH", invitations(orgId) + "/" + id, "{\"roles\":" + rolesJson + "}");
  }

  @Test
  void theRolesChangeAndTheLinkExpiryAndSendsStayAsTheyWere() {
    User alice = api.user("alice");
    String id = invitationIds(api.invite(owner, orgId, null, alice)).get(0);
    String token = api.latestToken(alice.email());
    JsonNode before = onlyItem(api.call(owner, "GET", invitations(orgId)));
    api.clock.advance(Duration.ofHours(1));

    Response patched = patch(owner, id, "[\"instance_accessor\",\"member\",\"instance_accessor\"]");

    assertThat(patched.status()).as(patched.json().toString()).isEqualTo(200);
    assertThat(patched.json().get("roles").toString()).isEqualTo("[\"instance_accessor\",\"member\"]");
    for (String unchanged : new String[] {"id", "email", "status", "invitedBy", "createdAt", "expiresAt", "lastSentAt",
        "sendCount"}) {
      assertThat(patched.json().get(unchanged)).as(unchanged).isEqualTo(before.get(unchanged));
    }
    assertThat(onlyItem(api.call(owner, "GET", invitations(orgId)))).isEqualTo(patched.json());
    assertThat(api.emailsTo(alice.email())).as("no new email").hasSize(1);

    Response accepted = accept(alice, token);
    assertThat(accepted.status()).as("the emailed link still works").isEqualTo(200);
    assertThat(accepted.json().get("roles").toString()).isEqualTo("[\"instance_accessor\",\"member\"]");
  }

  @Test
  void theSameRolesAgainWriteNothing() {
    User alice = api.user("alice");
    String id = invitationIds(api.invite(owner, orgId, null, alice)).get(0);
    api.dynamoDbRequests.reset();
    assertThat(patch(owner, id, "[\"member\"]").status()).isEqualTo(200);
    assertThat(api.dynamoDbRequests.operations()).doesNotContain("UpdateItem", "TransactWriteItems", "PutItem");
  }

  @Test
  void theCallerMustBeAbleToGrantTheNewRolesAndTheOnesTheyReplace() {
    String inviters = api.call(owner, "POST", "/orgs/" + orgId + "/roles",
        "{\"name\":\"Inviters\",\"permissions\":[\"members:invite\",\"members:view\"]}").json().get("id").asText();
    User inviter = api.user("inviter");
    api.join(owner, orgId, inviter, "[\"" + inviters + "\"]");
    User alice = api.user("alice");
    String plain = invitationIds(api.invite(inviter, orgId, "[\"" + inviters + "\"]", alice)).get(0);
    User bob = api.user("bob");
    String ownerInvitation = invitationIds(api.invite(owner, orgId, "[\"owner\"]", bob)).get(0);

    assertProblem(patch(inviter, plain, "[\"owner\"]"), 403);
    assertProblem(patch(inviter, plain, "[\"member\"]"), 403); // member holds more than the inviter
    assertProblem(patch(inviter, ownerInvitation, "[\"" + inviters + "\"]"), 403); // taking owner away
    assertThat(patched(patch(owner, ownerInvitation, "[\"" + inviters + "\"]"))).isEqualTo("[\"" + inviters + "\"]");
    assertThat(patched(patch(inviter, ownerInvitation, "[\"" + inviters + "\"]"))).isEqualTo("[\"" + inviters + "\"]");
    Response problem = patch(inviter, plain, "[\"owner\"]");
    assertThat(problem.json().get("type").asText()).isEqualTo("urn:users-and-roles:problem:role-escalation");
  }

  @Test
  void unknownOrNoRolesAre400() {
    User alice = api.user("alice");
    String id = invitationIds(api.invite(owner, orgId, null, alice)).get(0);
    assertProblem(patch(owner, id, "[\"rol_nope\"]"), 400);
    assertProblem(patch(owner, id, "[]"), 400);
    assertProblem(patch(owner, id, "\"member\""), 400);
    assertProblem(api.call(owner, "PATCH", invitations(orgId) + "/" + id, "{}"), 400);
    assertProblem(api.call(owner, "PATCH", invitations(orgId) + "/" + id, "{\"roles\":[\"member\"],\"x\":1}"), 400);
    assertThat(onlyItem(api.call(owner, "GET", invitations(orgId))).get("roles").toString()).isEqualTo("[\"member\"]");
  }

  @Test
  void closedInvitationsAre409AndUnknownOnes404() {
    User alice = api.user("alice");
    String accepted = invitationIds(api.invite(owner, orgId, null, alice)).get(0);
    assertThat(accept(alice, api.latestToken(alice.email())).status()).isEqualTo(200);
    User bob = api.user("bob");
    String cancelled = invitationIds(api.invite(owner, orgId, null, bob)).get(0);
    assertThat(api.call(owner, "DELETE", invitations(orgId) + "/" + cancelled).status()).isEqualTo(204);
    User cy = api.user("cy");
    String expired = invitationIds(api.invite(owner, orgId, null, cy)).get(0);
    api.clock.advance(PAST_EXPIRY);

    for (String id : new String[] {accepted, cancelled, expired}) {
      Response closed = patch(owner, id, "[\"instance_accessor\"]");
      assertProblem(closed, 409);
      assertThat(closed.json().get("type").asText()).isEqualTo("urn:users-and-roles:problem:invitation-closed");
    }
    api.runReminderJob(); // recorded as expired
    assertProblem(patch(owner, expired, "[\"instance_accessor\"]"), 409);

    assertProblem(patch(owner, "inv_" + "C".repeat(22), "[\"member\"]"), 404);
    String elsewhere = api.createOrg(alice, "Elsewhere");
    String foreign = invitationIds(api.invite(alice, elsewhere, null, api.user("dan"))).get(0);
    assertProblem(patch(owner, foreign, "[\"member\"]"), 404);
  }

  private static String patched(Response response) {
    assertThat(response.status()).as(response.json().toString()).isEqualTo(200);
    return response.json().get("roles").toString();
  }
}
