package io.usersroles.functions.invitations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.domain.Ids;
import io.usersroles.domain.Invitation;
import io.usersroles.domain.InvitationStatus;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.security.Crypto;
import io.usersroles.store.InvitationFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Invitation ids are random: an id says nothing about its address (no digest of it that anyone can
 * recompute to test a guess), two invitations of one address share nothing, and an invitation is
 * still found, resent and cancelled by its id; ids of earlier releases keep working.
 */
class InvitationIdsTest {
  private final Api api = new Api();
  private final User owner = api.user("owner");
  private final String orgId = api.createOrg(owner, "Random Ids Co");

  @Test
  void anIdCarriesNothingOfItsAddress() {
    User invitee = api.user("invitee");
    String first = invite(invitee);
    String digest = Ids.addressKey(invitee.email());
    assertThat(first).startsWith("inv_").doesNotContain(digest.substring(0, 8));
    assertThat(first).doesNotContain(Crypto.base64url(Crypto.sha256(invitee.email())).substring(0, 8));

    assertThat(api.call(owner, "DELETE", "/orgs/" + orgId + "/invitations/" + first).status()).isEqualTo(204);
    String second = invite(invitee);
    assertThat(second).isNotEqualTo(first);
    assertThat(commonPrefix(first, second)).as(first + " and " + second).isLessThanOrEqualTo("inv_".length() + 2);
  }

  @Test
  void aRandomIdIsFoundResentAndCancelled() {
    User invitee = api.user("invitee");
    String id = invite(invitee);
    Response resent = api.call(owner, "POST", "/orgs/" + orgId + "/invitations/" + id + "/resend");
    assertThat(resent.status()).as(resent.json().toString()).isEqualTo(200);
    assertThat(resent.json().get("id").asText()).isEqualTo(id);
    assertThat(api.call(owner, "DELETE", "/orgs/" + orgId + "/invitations/" + id).status()).isEqualTo(204);
    assertThat(status(id)).isEqualTo("cancelled");
    // a closed one too: found in history, so resending it is the conflict, not a 404
    Response again = api.call(owner, "POST", "/orgs/" + orgId + "/invitations/" + id + "/resend");
    assertThat(again.status()).as(again.json().toString()).isEqualTo(409);
  }

  @Test
  void anIdOfAnEarlierReleaseIsStillFound() {
    String email = api.user("legacy").email();
    String legacyId = Ids.INVITATION_PREFIX + Ids.addressKey(email) + Crypto.randomToken(8);
    Invitation fresh = InvitationFixtures.pending(orgId, email, null, api.clock.instant(), api.settings);
    Invitation legacy = new Invitation(legacyId, orgId, email, List.of("member"), InvitationStatus.PENDING,
        owner.userId(), fresh.createdAt(), fresh.expiresAt(), fresh.lastSentAt(), 1, null, null);
    InvitationFixtures.writeOpen(api.env.adminClient(), api.table, api.settings, List.of(legacy));

    Response resent = api.call(owner, "POST", "/orgs/" + orgId + "/invitations/" + legacyId + "/resend");
    assertThat(resent.status()).as(resent.json().toString()).isEqualTo(200);
    assertThat(api.call(owner, "DELETE", "/orgs/" + orgId + "/invitations/" + legacyId).status()).isEqualTo(204);
    assertThat(status(legacyId)).isEqualTo("cancelled");
  }

  @Test
  void anIdOfAnotherOrgOrOfNothingIs404() {
    String id = invite(api.user("invitee"));
    String otherOrg = api.createOrg(owner, "Other Co");
    assertThat(api.call(owner, "POST", "/orgs/" + otherOrg + "/invitations/" + id + "/resend").status())
        .isEqualTo(404);
    assertThat(api.call(owner, "DELETE", "/orgs/" + orgId + "/invitations/" + Ids.newInvitationId()).status())
        .isEqualTo(404);
    assertThat(api.call(owner, "DELETE", "/orgs/" + orgId + "/invitations/inv_short").status()).isEqualTo(404);
  }

  private String invite(User invitee) {
    Response invited = api.invite(owner, orgId, null, invitee);
    return invited.json().at("/results/0/invitationId").asText();
  }

  private String status(String id) {
    Response list = api.call(owner, "GET", "/orgs/" + orgId + "/invitations?limit=100");
    for (JsonNode invitation : list.json().get("items")) {
      if (invitation.get("id").asText().equals(id)) {
        return invitation.get("status").asText();
      }
    }
    throw new AssertionError("no invitation " + id + " in " + list.json());
  }

  private static int commonPrefix(String a, String b) {
    int n = 0;
    while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
      n++;
    }
    return n;
  }
}
