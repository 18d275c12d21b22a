package io.usersroles.functions.invitations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.engines.SesEmulator;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** POST /orgs/{orgId}/invitations/{invitationId}/resend: a new link and expiry, what may be resent, by whom. */
class ResendInvitationTest extends InvitationRoutesFixture {
  @Test
  void resendSendsANewLinkThatWorksKillsTheOldOneAndRestartsTheExpiry() {
    User alice = api.user("alice");
    String id = invitationIds(api.invite(owner, orgId, null, alice)).get(0);
    String oldToken = api.latestToken(alice.email());
    JsonNode before = onlyItem(api.call(owner, "GET", invitations(orgId)));
    api.clock.advance(Duration.ofHours(1));

    Response resent = api.call(owner, "POST", invitations(orgId) + "/" + id + "/resend");

    assertThat(resent.status()).as(resent.json().toString()).isEqualTo(200);
    JsonNode invitation = resent.json();
    assertThat(invitation.get("id").asText()).isEqualTo(id);
    assertThat(invitation.get("status").asText()).isEqualTo("pending");
    assertThat(invitation.get("sendCount").asInt()).isEqualTo(2);
    assertThat(invitation.get("createdAt")).isEqualTo(before.get("createdAt"));
    Instant lastSentAt = Instant.parse(invitation.get("lastSentAt").asText());
    assertThat(lastSentAt).isAfterOrEqualTo(Instant.parse(before.get("lastSentAt").asText()).plus(Duration.ofHours(1)));
    assertThat(Instant.parse(invitation.get("expiresAt").asText())).isEqualTo(lastSentAt.plus(TTL));
    assertThat(onlyItem(api.call(owner, "GET", invitations(orgId)))).isEqualTo(invitation);

    List<SesEmulator.SentEmail> emails = api.emailsTo(alice.email());
    assertThat(emails).hasSize(2);
    String newToken = Api.tokenOf(emails.get(1));
    assertThat(newToken).isNotEqualTo(oldToken);
    assertThat(emails.get(1).subject()).contains("Acme Rockets").contains(owner.email());
    assertThat(emails.get(1).html()).contains(ACCEPT_LINK + newToken);

    assertProblem(accept(alice, oldToken), 404);
    Response accepted = accept(alice, newToken);
    assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(200);
    assertThat(accepted.json().get("orgId").asText()).isEqualTo(orgId);
  }

  @Test
  void resendingAnExpiredInvitationRevivesIt() {
    User alice = api.user("alice");
    String id = invitationIds(api.invite(owner, orgId, null, alice)).get(0);
    String oldToken = api.latestToken(alice.email());
    api.clock.advance(PAST_EXPIRY);
    assertProblem(accept(alice, oldToken), 410);
    assertThat(onlyItem(api.call(owner, "GET", invitations(orgId))).get("status").asText()).isEqualTo("expired");

    Response resent = api.call(owner, "POST", invitations(orgId) + "/" + id + "/resend");

    assertThat(resent.status()).as(resent.json().toString()).isEqualTo(200);
    assertThat(resent.json().get("status").asText()).isEqualTo("pending");
    assertThat(Instant.parse(resent.json().get("expiresAt").asText())).isAfter(Instant.now(api.clock).plus(TTL)
        .minus(Duration.ofMinutes(1)));
    assertThat(onlyItem(api.call(owner, "GET", invitations(orgId) + "?status=pending")).get("id").asText())
        .isEqualTo(id);
    String newToken = api.latestToken(alice.email());
    assertProblem(accept(alice, oldToken), 404);
    assertThat(accept(alice, newToken).status()).isEqualTo(200);
  }

  @Test
  void resendingAnExpiredInvitationThatWasMovedToHistoryRevivesIt() {
    User alice = api.user("alice");
    String oldId = invitationIds(api.invite(owner, orgId, null, alice)).get(0);
    api.clock.advance(PAST_EXPIRY);
    String newId = invitationIds(api.invite(owner, orgId, null, alice)).get(0);
    assertThat(api.call(owner, "DELETE", invitations(orgId) + "/" + newId).status()).isEqualTo(204);

    Response resent = api.call(owner, "POST", invitations(orgId) + "/" + oldId + "/resend");

    assertThat(resent.status()).as(resent.json().toString()).isEqualTo(200);
    assertThat(resent.json().get("status").asText()).isEqualTo("pending");
    assertThat(allItems(owner, invitations(orgId), "status=pending&", 100)).singleElement()
        .satisfies(item -> assertThat(item.get("id").asText()).isEqualTo(oldId));
    assertThat(accept(alice, api.latestToken(alice.email())).status()).isEqualTo(200);
  }

  @Test
  void resendingAnAcceptedOrCancelledInvitationIs409AndSendsNothing() {
    User alice = api.user("alice");
    User bob = api.user("bob");
    Response invited = api.invite(owner, orgId, null, alice, bob);
    String aliceId = invitationIds(invited).get(0);
    String bobId = invitationIds(invited).get(1);
    assertThat(accept(alice, api.latestToken(alice.email())).status()).isEqualTo(200);
    assertThat(api.call(owner, "DELETE", invitations(orgId) + "/" + bobId).status()).isEqualTo(204);
    api.sesRequests.reset();

    assertProblem(api.call(owner, "POST", invitations(orgId) + "/" + aliceId + "/resend"), 409);
    assertProblem(api.call(owner, "POST", invitations(orgId) + "/" + bobId + "/resend"), 409);
    assertThat(api.sesRequests.count()).isZero();
  }

  @Test
  void resendingAnUnknownInvitationIs404() {
    String otherOrg = api.createOrg(owner, "Other");
    String foreignId = invitationIds(api.invite(owner, otherOrg, null, api.user("a"))).get(0);
    String realId = invitationIds(api.invite(owner, orgId, null, api.user("b"))).get(0);
    String unknownSameSlot = realId.substring(0, realId.length() - 1) + (realId.endsWith("A") ? "B" : "A");

    for (String id : List.of(foreignId, unknownSameSlot, "inv_nope", "whatever")) {
      assertProblem(api.call(owner, "POST", invitations(orgId) + "/" + id + "/resend"), 404);
    }
  }

  @Test
  void onlyInvitersMayResend() {
    User member = api.user("member");
    api.join(owner, orgId, member, null);
    User alice = api.user("alice");
    String id = invitationIds(api.invite(owner, orgId, null, alice)).get(0);
    api.sesRequests.reset();

    assertProblem(api.call(member, "POST", invitations(orgId) + "/" + id + "/resend"), 403);
    assertProblem(api.call(api.user("stranger"), "POST", invitations(orgId) + "/" + id + "/resend"), 404);
    assertProblem(api.call((User) null, "POST", invitations(orgId) + "/" + id + "/resend"), 401);
    assertThat(api.sesRequests.count()).isZero();
    assertThat(api.emailsTo(alice.email())).hasSize(1);
  }
}
