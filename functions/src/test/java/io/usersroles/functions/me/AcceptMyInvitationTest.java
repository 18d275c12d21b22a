package io.usersroles.functions.me;

import static org.assertj.core.api.Assertions.assertThat;

import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /me/invitations/{invitationId}/accept}: accepting by the id {@code GET /me} lists, with
 * the same answers as accepting by link and without its token.
 */
class AcceptMyInvitationTest extends MeRoutesFixture {
  private static final Duration PAST_EXPIRY = Duration.ofDays(7).plusMinutes(1);

  @Test
  void theInviteeAcceptsByIdAndBecomesAMemberWithTheInvitationsRoles() {
    User ada = api.user("ada");
    String id = invite(owner, orgId, "[\"member\",\"instance_accessor\"]", ada);
    String emailedToken = api.latestToken(ada.email());

    Response accepted = accept(ada, id);

    assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(200);
    assertThat(accepted.json().toString()).isEqualTo("{\"orgId\":\"" + orgId + "\",\"userId\":\"" + ada.userId()
        + "\",\"roles\":[\"member\",\"instance_accessor\"]}");
    assertThat(ids(overview(ada), "orgs")).containsExactly(orgId);
    assertThat(overview(ada).get("invitations")).isEmpty();
    assertThat(listedStatus(orgId, id)).isEqualTo("accepted");
    assertThat(pendingCount(orgId)).isZero();
    assertThat(api.call(ada, "GET", "/orgs/" + orgId).status()).as("a member now").isEqualTo(200);
    assertThat(api.call(ada, "POST", "/invitations/accept", Api.json("token", emailedToken)).status())
        .as("the emailed link is used up").isEqualTo(404);
    assertProblem(accept(ada, id), 404, "not-found");
  }

  @Test
  void onlyTheInviteeWithItsVerifiedEmailMayAccept() {
    User ada = api.user("ada");
    String id = invite(owner, orgId, null, ada);

    assertProblem(accept(api.user("bob"), id), 403, "invitation-email-mismatch");
    assertProblem(accept(owner, id), 403, "invitation-email-mismatch");
    assertProblem(accept(withEmailVerified(ada, false), id), 403, "invitation-email-mismatch");
    assertThat(listedStatus(orgId, id)).isEqualTo("pending");
    assertThat(accept(ada, id).status()).isEqualTo(200);
  }

  @Test
  void unknownMalformedAndClosedInvitationsAre404AndExpiredOnes410() {
    User ada = api.user("ada");
    assertProblem(accept(ada, "inv_" + "A".repeat(22)), 404, "not-found");
    assertProblem(accept(ada, "not-an-invitation"), 404, "not-found");
    assertProblem(accept(ada, orgId), 404, "not-found");

    String cancelled = invite(owner, orgId, null, ada);
    assertThat(api.call(owner, "DELETE", "/orgs/" + orgId + "/invitations/" + cancelled).status()).isEqualTo(204);
    assertProblem(accept(ada, cancelled), 404, "not-found");

    String declined = invite(owner, orgId, null, ada);
    assertThat(decline(ada, declined).status()).isEqualTo(204);
    assertProblem(accept(ada, declined), 404, "not-found");

    String expiring = invite(owner, orgId, null, ada);
    api.clock.advance(PAST_EXPIRY);
    assertProblem(accept(ada, expiring), 410, "invitation-expired");
    api.runReminderJob(); // recorded as expired: still 410
    assertProblem(accept(ada, expiring), 410, "invitation-expired");
    assertThat(api.call(ada, "GET", "/orgs/" + orgId).status()).isEqualTo(404);
  }

  @Test
  void someoneAlreadyAMemberGets409AndTheInvitationStaysOpen() {
    // created the org while its email was unverified, so its address was never claimed as a member's
    User ada = api.user("ada");
    String adasOrg = api.createOrg(withEmailVerified(ada, false), "Ada's");
    String id = invite(ada, adasOrg, null, ada);

    assertProblem(accept(ada, id), 409, "already-member");
    Response list = api.call(ada, "GET", "/orgs/" + adasOrg + "/invitations?status=pending");
    assertThat(list.json().get("items").findValuesAsText("id")).containsExactly(id);
    assertThat(ids(overview(ada), "invitations")).containsExactly(id);
  }

  @Test
  void acceptingGrantsOnlyRolesThatStillExist() {
    String roleId = api.call(owner, "POST", "/orgs/" + orgId + "/roles", "{\"name\":\"Doomed\"}").json()
        .get("id").asText();
    User ada = api.user("ada");
    String id = invite(owner, orgId, "[\"member\",\"" + roleId + "\"]", ada);
    assertThat(api.call(owner, "DELETE", "/orgs/" + orgId + "/roles/" + roleId).status()).isEqualTo(204);

    Response accepted = accept(ada, id);
    assertThat(accepted.status()).isEqualTo(200);
    assertThat(accepted.json().get("roles").toString()).isEqualTo("[\"member\"]");
  }

  @Test
  void serviceAccountsMayNotAccept() {
    User ada = api.user("ada");
    String id = invite(owner, orgId, null, ada);
    String secret = api.call(owner, "POST", "/orgs/" + orgId + "/service-accounts",
        "{\"name\":\"robot\",\"roles\":[\"owner\"]}").json().get("secret").asText();
    assertProblem(api.call("Bearer " + secret, "POST", "/me/invitations/" + id + "/accept", null), 403,
        "human-only");
    assertThat(listedStatus(orgId, id)).isEqualTo("pending");
    assertThat(List.of(accept(ada, id).status())).containsExactly(200);
  }
}
