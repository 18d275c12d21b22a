package io.usersroles.functions.invitations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.engines.LocalIdentityProvider;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.testing.TestEnvironment;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** POST /invitations/accept: membership with the invited roles, and each link, body or caller that is refused. */
class AcceptInvitationTest extends InvitationRoutesFixture {
  @Test
  void acceptingMakesTheInviteeAMemberWithTheInvitedRoles() {
    User alice = api.user("alice");
    String id = invitationIds(api.invite(owner, orgId, "[\"instance_accessor\"]", alice)).get(0);

    Response accepted = accept(alice, api.latestToken(alice.email()));

    assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(200);
    assertThat(accepted.contentType()).isEqualTo("application/json");
    assertThat(accepted.json().get("orgId").asText()).isEqualTo(orgId);
    assertThat(accepted.json().get("userId").asText()).isEqualTo(alice.userId());
    assertThat(accepted.json().get("roles").toString()).isEqualTo("[\"instance_accessor\"]");
    JsonNode listed = onlyItem(api.call(owner, "GET", invitations(orgId)));
    assertThat(listed.get("id").asText()).isEqualTo(id);
    assertThat(listed.get("status").asText()).isEqualTo("accepted");
    assertThat(listed.get("acceptedBy").asText()).isEqualTo(alice.userId());
    assertThat(api.call(alice, "GET", "/orgs/" + orgId).status()).isEqualTo(200);
    // the address is now a member's: inviting it again says so
    assertThat(statuses(api.invite(owner, orgId, null, alice))).containsExactly("already_member");
  }

  @Test
  void anInvitedOwnerBecomesAnOwnerWhoMayInvite() {
    User coOwner = api.user("co-owner");
    api.invite(owner, orgId, "[\"owner\"]", coOwner);

    Response accepted = accept(coOwner, api.latestToken(coOwner.email()));

    assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(200);
    assertThat(accepted.json().get("roles").toString()).isEqualTo("[\"owner\"]");
    User next = api.user("next");
    assertThat(statuses(api.invite(coOwner, orgId, null, next))).containsExactly("invited");
    assertThat(api.call(coOwner, "PATCH", "/orgs/" + orgId, "{\"name\":\"Renamed\"}").status()).isEqualTo(200);
  }

  @Test
  void theInviteeMayAcceptWithDifferentlyCasedEmailInTheirToken() {
    User alice = api.user("alice");
    api.invite(owner, orgId, null, alice);
    String upper = alice.email().toUpperCase();
    User shouting = userWithClaims(upper, alice.userId(), null, true);

    Response accepted = accept(shouting, api.latestToken(alice.email()));

    assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(200);
  }

  @Test
  void anExpiredLinkIs410() {
    User alice = api.user("alice");
    api.invite(owner, orgId, null, alice);
    String token = api.latestToken(alice.email());
    api.clock.advance(PAST_EXPIRY);

    Response response = accept(alice, token);

    assertProblem(response, 410);
    assertThat(response.json().get("title").asText()).isEqualTo("Gone");
    assertProblem(api.call(alice, "GET", "/orgs/" + orgId), 404);
  }

  @Test
  void aLinkIsValidUntilJustBeforeItsExpiry() {
    User alice = api.user("alice");
    api.invite(owner, orgId, null, alice);
    api.clock.advance(TTL.minusMinutes(1));

    assertThat(accept(alice, api.latestToken(alice.email())).status()).isEqualTo(200);
  }

  @Test
  void anUnknownTokenIs404() {
    User alice = api.user("alice");
    api.invite(owner, orgId, null, alice);
    String real = api.latestToken(alice.email());
    String random = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);

    assertProblem(accept(alice, random), 404);
    assertProblem(accept(alice, flipChar(real, real.length() / 2)), 404);
    assertProblem(accept(alice, real.substring(1)), 404);
    assertThat(accept(alice, real).status()).as("the real link still works").isEqualTo(200);
  }

  @Test
  void aUsedTokenIs404() {
    User alice = api.user("alice");
    api.invite(owner, orgId, null, alice);
    String token = api.latestToken(alice.email());
    assertThat(accept(alice, token).status()).isEqualTo(200);

    assertProblem(accept(alice, token), 404);
    assertProblem(accept(api.user("bob"), token), 404);
  }

  @Test
  void someoneElsesLinkIs403AndStaysUsableForTheInvitee() {
    User alice = api.user("alice");
    User mallory = api.user("mallory");
    api.invite(owner, orgId, null, alice);
    String token = api.latestToken(alice.email());

    Response response = accept(mallory, token);

    assertProblem(response, 403);
    assertProblem(api.call(mallory, "GET", "/orgs/" + orgId), 404);
    assertThat(onlyItem(api.call(owner, "GET", invitations(orgId))).get("status").asText()).isEqualTo("pending");
    assertThat(accept(alice, token).status()).isEqualTo(200);
  }

  @Test
  void anUnverifiedEmailIs403() {
    User alice = api.user("alice");
    api.invite(owner, orgId, null, alice);
    String token = api.latestToken(alice.email());
    LocalIdentityProvider.Token unverified = api.env.identityProvider().mint(alice.email(), List.of(), false);
    User unverifiedAlice = new User(alice.email(), unverified.userId(), unverified.token());
    User noEmail = userWithClaims(null, alice.userId(), null, true);

    assertProblem(accept(unverifiedAlice, token), 403);
    assertProblem(accept(noEmail, token), 403);

    assertThat(onlyItem(api.call(owner, "GET", invitations(orgId))).get("status").asText()).isEqualTo("pending");
    assertThat(accept(alice, token).status()).isEqualTo(200);
  }

  @Test
  void aMemberAcceptingAnotherInvitationOfTheSameOrgGets409() {
    User alice = api.user("alice");
    api.join(owner, orgId, alice, null);
    // the same person (same subject) now signs in with a second address, which was invited too
    String secondAddress = TestEnvironment.uniqueEmail("alice-alias");
    User aliceAlias = userWithClaims(secondAddress, alice.userId(), null, true);
    api.invite(owner, orgId, "[\"instance_accessor\"]", aliceAlias);
    int itemsBefore = api.itemCount();

    Response response = accept(aliceAlias, api.latestToken(secondAddress));

    assertProblem(response, 409);
    assertThat(api.itemCount()).isEqualTo(itemsBefore);
    assertThat(allItems(owner, invitations(orgId), "status=pending&", 100)).singleElement()
        .satisfies(item -> assertThat(item.get("email").asText()).isEqualTo(secondAddress));
    List<JsonNode> aliceRows = allItems(owner, "/orgs/" + orgId + "/users", "status=active&", 100).stream()
        .filter(row -> row.get("id").asText().equals(alice.userId())).toList();
    assertThat(aliceRows).singleElement()
        .satisfies(row -> assertThat(row.get("roles").toString()).isEqualTo("[\"member\"]"));
  }

  static Stream<Arguments> badAcceptBodies() {
    return Stream.of(
        Arguments.of("no body", null),
        Arguments.of("not JSON", "{token: abc}"),
        Arguments.of("not an object", "[\"abc\"]"),
        Arguments.of("missing token", "{}"),
        Arguments.of("null token", "{\"token\":null}"),
        Arguments.of("empty token", "{\"token\":\"\"}"),
        Arguments.of("blank token", "{\"token\":\"   \"}"),
        Arguments.of("number token", "{\"token\":42}"),
        Arguments.of("array token", "{\"token\":[\"abc\"]}"),
        Arguments.of("huge token", "{\"token\":\"" + "a".repeat(10_000) + "\"}"),
        Arguments.of("unknown field", "{\"token\":\"abc\",\"orgId\":\"org_x\"}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badAcceptBodies")
  void aMissingBlankOrMalformedTokenIs400(String why, String body) {
    User alice = api.user("alice");
    int itemsBefore = api.itemCount();

    Response response = api.call(alice, "POST", "/invitations/accept", body);

    assertProblem(response, 400);
    assertThat(api.itemCount()).isEqualTo(itemsBefore);
  }

  @Test
  void acceptingWithoutCredentialsIs401() {
    User alice = api.user("alice");
    api.invite(owner, orgId, null, alice);
    String token = api.latestToken(alice.email());

    assertProblem(api.call((User) null, "POST", "/invitations/accept", Api.json("token", token)), 401);
    assertProblem(api.call("Bearer " + alice.token() + "x", "POST", "/invitations/accept",
        Api.json("token", token)), 401);
    assertThat(accept(alice, token).status()).isEqualTo(200);
  }
}
