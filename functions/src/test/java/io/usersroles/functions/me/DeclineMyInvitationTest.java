package io.usersroles.functions.me;

import static org.assertj.core.api.Assertions.assertThat;

import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /me/invitations/{invitationId}/decline}: the invitee's no. The invitation is listed as
 * {@code declined} (and filterable), its link answers like a cancelled one's, it stops counting as
 * pending, and the org can neither resend, cancel nor re-role it, but may invite the address again.
 */
class DeclineMyInvitationTest extends MeRoutesFixture {
  private static final Duration PAST_EXPIRY = Duration.ofDays(7).plusMinutes(1);

  @Test
  void declinedInvitationsAreListedAsSuchTheirLinkIsDeadAndTheyNoLongerCount() {
    User ada = api.user("ada");
    String id = invite(owner, orgId, null, ada);
    String token = api.latestToken(ada.email());
    String other = invite(owner, orgId, null, api.user("bob"));
    assertThat(pendingCount(orgId)).isEqualTo(2);

    assertThat(decline(ada, id).status()).isEqualTo(204);

    assertThat(listedStatus(orgId, id)).isEqualTo("declined");
    assertThat(pendingCount(orgId)).as("counted off like a cancel").isEqualTo(1);
    Response declined = api.call(owner, "GET", "/orgs/" + orgId + "/invitations?status=declined");
    assertThat(declined.status()).isEqualTo(200);
    assertThat(declined.json().get("items").findValuesAsText("id")).containsExactly(id);
    Response pending = api.call(owner, "GET", "/orgs/" + orgId + "/invitations?status=pending");
    assertThat(pending.json().get("items").findValuesAsText("id")).containsExactly(other);
    assertProblem(api.call(ada, "POST", "/invitations/accept", Api.json("token", token)), 404, "not-found");
    assertThat(overview(ada).get("invitations")).isEmpty();
    assertThat(overview(ada).get("orgs")).isEmpty();
    assertThat(api.call(owner, "GET", "/orgs/" + orgId + "/users?status=pending").json().get("items")
        .findValuesAsText("id")).containsExactly(other);
  }

  @Test
  void decliningAgainChangesNothing() {
    User ada = api.user("ada");
    String id = invite(owner, orgId, null, ada);
    assertThat(decline(ada, id).status()).isEqualTo(204);
    assertThat(decline(ada, id).status()).isEqualTo(204);
    assertThat(listedStatus(orgId, id)).isEqualTo("declined");
    assertThat(pendingCount(orgId)).isZero();
  }

  @Test
  void theOrgCannotResendCancelOrReRoleADeclinedInvitationButMayInviteAgain() {
    User ada = api.user("ada");
    String id = invite(owner, orgId, null, ada);
    assertThat(decline(ada, id).status()).isEqualTo(204);
    String path = "/orgs/" + orgId + "/invitations/" + id;

    assertProblem(api.call(owner, "POST", path + "/resend"), 409, "invitation-closed");
    assertProblem(api.call(owner, "DELETE", path), 409, "invitation-closed");
    assertProblem(api.call(owner, "PATCH", path, "{\"roles\":[\"instance_accessor\"]}"), 409, "invitation-closed");
    assertThat(listedStatus(orgId, id)).isEqualTo("declined");
    assertThat(api.emailsTo(ada.email())).hasSize(1);

    String again = invite(owner, orgId, null, ada);
    assertThat(again).isNotEqualTo(id);
    assertThat(ids(overview(ada), "invitations")).containsExactly(again);
    assertThat(accept(ada, again).status()).isEqualTo(200);
  }

  @Test
  void anInvitationNotAddressedToTheCallerIs404AndStaysPending() {
    User ada = api.user("ada");
    String id = invite(owner, orgId, null, ada);
    assertProblem(decline(api.user("bob"), id), 404, "not-found");
    assertProblem(decline(owner, id), 404, "not-found");
    assertProblem(decline(ada, "inv_" + "B".repeat(22)), 404, "not-found");
    assertProblem(decline(ada, "nope"), 404, "not-found");
    assertProblem(decline(withEmailVerified(ada, false), id), 403, "invitation-email-mismatch");
    assertThat(listedStatus(orgId, id)).isEqualTo("pending");
    assertThat(pendingCount(orgId)).isEqualTo(1);
  }

  @Test
  void acceptedCancelledAndExpiredInvitationsCannotBeDeclined() {
    User ada = api.user("ada");
    String accepted = invite(owner, orgId, null, ada);
    assertThat(accept(ada, accepted).status()).isEqualTo(200);
    assertProblem(decline(ada, accepted), 409, "invitation-closed");
    assertThat(listedStatus(orgId, accepted)).isEqualTo("accepted");

    User bob = api.user("bob");
    String cancelled = invite(owner, orgId, null, bob);
    assertThat(api.call(owner, "DELETE", "/orgs/" + orgId + "/invitations/" + cancelled).status()).isEqualTo(204);
    assertProblem(decline(bob, cancelled), 409, "invitation-closed");

    String expiring = invite(owner, orgId, null, api.user("cy"));
    User cy = api.user("cy2");
    String expiringForCy = invite(owner, orgId, null, cy);
    api.clock.advance(PAST_EXPIRY);
    assertProblem(decline(cy, expiringForCy), 410, "invitation-expired");
    assertThat(listedStatus(orgId, expiringForCy)).isEqualTo("expired");
    assertThat(listedStatus(orgId, expiring)).isEqualTo("expired");
  }
}
