package io.usersroles.functions.invitations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GET /orgs/{orgId}/invitations/{invitationId}: one invitation in every status, exactly as the list
 * shows it; who may read it (members:view), and 404 for anything that is not this org's invitation.
 */
class GetInvitationTest extends InvitationRoutesFixture {
  private Response get(User caller, String id) {
    return api.call(caller, "GET", invitations(orgId) + "/" + id);
  }

  /** The invitation as the list shows it (the list filtered by its status). */
  private JsonNode listed(String id, String status) {
    return allItems(owner, invitations(orgId), "status=" + status + "&", 100).stream()
        .filter(item -> item.get("id").asText().equals(id)).findFirst().orElseThrow();
  }

  private JsonNode got(String id) {
    Response response = get(owner, id);
    assertThat(response.status()).as(response.json().toString()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo("application/json");
    return response.json();
  }

  @Test
  void aPendingInvitationReadsAsTheListShowsIt() {
    User alice = api.user("alice");
    String id = invitationIds(api.invite(owner, orgId, "[\"instance_accessor\"]", alice)).get(0);

    JsonNode invitation = got(id);

    assertThat(invitation).isEqualTo(listed(id, "pending"));
    assertThat(invitation.get("id").asText()).isEqualTo(id);
    assertThat(invitation.get("email").asText()).isEqualTo(alice.email());
    assertThat(invitation.get("status").asText()).isEqualTo("pending");
    assertThat(invitation.get("roles")).extracting(JsonNode::asText).containsExactly("instance_accessor");
    assertThat(invitation.get("invitedBy").asText()).isEqualTo(owner.userId());
    assertThat(invitation.get("sendCount").asInt()).isEqualTo(1);
    assertThat(invitation.has("acceptedAt")).isFalse();
    // nothing of the link: neither token nor nonce nor hash
    assertThat(invitation.toString()).doesNotContain(api.latestToken(alice.email()));
    List<String> fields = new java.util.ArrayList<>();
    invitation.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactlyInAnyOrder("id", "email", "roles", "status", "invitedBy", "createdAt",
        "expiresAt", "lastSentAt", "sendCount");
  }

  @Test
  void resentExpiredAcceptedAndCancelledInvitationsReadAsTheListShowsThem() {
    User resent = api.user("resent");
    String resentId = invitationIds(api.invite(owner, orgId, null, resent)).get(0);
    assertThat(api.call(owner, "POST", invitations(orgId) + "/" + resentId + "/resend").status()).isEqualTo(200);
    assertThat(got(resentId).get("sendCount").asInt()).isEqualTo(2);
    assertThat(got(resentId)).isEqualTo(listed(resentId, "pending"));

    User accepted = api.user("accepted");
    String acceptedId = invitationIds(api.invite(owner, orgId, null, accepted)).get(0);
    assertThat(accept(accepted, api.latestToken(accepted.email())).status()).isEqualTo(200);
    JsonNode acceptedOne = got(acceptedId);
    assertThat(acceptedOne.get("status").asText()).isEqualTo("accepted");
    assertThat(acceptedOne.get("acceptedBy").asText()).isEqualTo(accepted.userId());
    assertThat(acceptedOne).isEqualTo(listed(acceptedId, "accepted"));

    User cancelled = api.user("cancelled");
    String cancelledId = invitationIds(api.invite(owner, orgId, null, cancelled)).get(0);
    assertThat(api.call(owner, "DELETE", invitations(orgId) + "/" + cancelledId).status()).isEqualTo(204);
    assertThat(got(cancelledId).get("status").asText()).isEqualTo("cancelled");
    assertThat(got(cancelledId)).isEqualTo(listed(cancelledId, "cancelled"));

    // past its expiry a pending invitation reads as expired, before and after the job records it
    api.clock.advance(PAST_EXPIRY);
    assertThat(got(resentId).get("status").asText()).isEqualTo("expired");
    assertThat(got(resentId)).isEqualTo(listed(resentId, "expired"));
    api.runReminderJob();
    assertThat(got(resentId)).isEqualTo(listed(resentId, "expired"));
    assertThat(got(acceptedId)).isEqualTo(acceptedOne);
  }

  @Test
  void membersWithMembersViewMayReadItOthers403AndStrangers404() {
    User member = api.user("member");
    api.join(owner, orgId, member, null);
    User powerless = api.user("powerless");
    api.join(owner, orgId, powerless, null);
    assertThat(api.call(owner, "PUT", "/orgs/" + orgId + "/users/" + powerless.userId() + "/roles",
        "{\"roles\":[]}").status()).isEqualTo(200);
    String id = invitationIds(api.invite(owner, orgId, null, api.user("alice"))).get(0);

    Response asMember = get(member, id);
    assertThat(asMember.status()).as(asMember.json().toString()).isEqualTo(200);
    assertThat(asMember.json()).isEqualTo(got(id));
    assertProblem(get(powerless, id), 403);
    assertProblem(get(powerless, "inv_nope"), 403); // no telling which ids exist without the permission
    assertProblem(get(api.user("stranger"), id), 404);
    assertProblem(get(null, id), 401);
  }

  @Test
  void unknownIdsAndAnotherOrgsInvitationsAre404() {
    String otherOrg = api.createOrg(owner, "Other");
    String foreignId = invitationIds(api.invite(owner, otherOrg, null, api.user("a"))).get(0);
    User member = api.user("member");
    api.join(owner, orgId, member, null);

    assertProblem(get(owner, foreignId), 404);
    assertProblem(get(owner, "inv_nope"), 404);
    assertProblem(get(owner, "inv_" + "A".repeat(22)), 404);
    assertProblem(get(owner, member.userId()), 404);
    assertThat(api.call(owner, "GET", invitations(otherOrg) + "/" + foreignId).status()).isEqualTo(200);
  }
}
