package io.usersroles.functions.invitations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.engines.LocalIdentityProvider;
import io.usersroles.engines.SesEmulator;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.functions.http.Json;
import io.usersroles.testing.TestEnvironment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** POST /orgs/{orgId}/invitations: addresses, a result for each, roles, the cap of 100, bad bodies, callers. */
class CreateInvitationsTest extends InvitationRoutesFixture {
  private static final List<String> WRITE_OPERATIONS =
      List.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems");

  @Test
  void oneAddressIsInvitedWithOneEmailThatCarriesTheAcceptLink() {
    User alice = api.user("alice");
    int itemsBefore = api.itemCount();
    api.sesRequests.reset();

    Response invited = api.call(owner, "POST", invitations(orgId), "{\"emails\":\"" + alice.email() + "\"}");

    assertThat(invited.status()).as(invited.json().toString()).isEqualTo(200);
    assertThat(invited.contentType()).isEqualTo("application/json");
    JsonNode results = invited.json().get("results");
    assertThat(results).hasSize(1);
    assertThat(results.get(0).get("email").asText()).isEqualTo(alice.email());
    assertThat(results.get(0).get("status").asText()).isEqualTo("invited");
    String invitationId = results.get(0).get("invitationId").asText();
    assertThat(invitationId).startsWith("inv_");
    assertThat(api.itemCount()).isEqualTo(itemsBefore + 2); // the invitation, the org's usage counter
    assertThat(api.sesRequests.count()).isEqualTo(1);

    List<SesEmulator.SentEmail> emails = api.emailsTo(alice.email());
    assertThat(emails).hasSize(1);
    SesEmulator.SentEmail email = emails.get(0);
    assertThat(email.to()).containsExactly(alice.email());
    assertThat(email.subject()).contains("Acme Rockets").contains(owner.email());
    String token = Api.tokenOf(email);
    // at least 128 random bits, URL-safe
    assertThat(token).matches("[A-Za-z0-9_-]{22,}");
    assertThat(email.text()).contains(ACCEPT_LINK + token);
    assertThat(email.html()).contains(ACCEPT_LINK + token);

    JsonNode listed = onlyItem(api.call(owner, "GET", invitations(orgId)));
    assertThat(listed.get("id").asText()).isEqualTo(invitationId);
    assertThat(listed.get("email").asText()).isEqualTo(alice.email());
    assertThat(listed.get("roles").toString()).isEqualTo("[\"member\"]");
    assertThat(listed.get("status").asText()).isEqualTo("pending");
    assertThat(listed.get("invitedBy").asText()).isEqualTo(owner.userId());
    assertThat(listed.get("sendCount").asInt()).isEqualTo(1);
    Instant createdAt = Instant.parse(listed.get("createdAt").asText());
    assertThat(Instant.parse(listed.get("lastSentAt").asText())).isEqualTo(createdAt);
    assertThat(Instant.parse(listed.get("expiresAt").asText())).isEqualTo(createdAt.plus(TTL));
    assertThat(listed.has("acceptedAt")).isFalse();
    assertThat(listed.has("acceptedBy")).isFalse();
  }

  @Test
  void theSubjectNamesTheInviterByDisplayNameAndTheHtmlEscapesIt() {
    String email = TestEnvironment.uniqueEmail("ada");
    User ada = userWithClaims(email, LocalIdentityProvider.userIdFor(email), "Ada <Lovelace>", true);
    String engines = api.createOrg(ada, "Analytical Engines");
    User babbage = api.user("babbage");

    api.invite(ada, engines, null, babbage);

    SesEmulator.SentEmail sent = onlyEmailTo(babbage);
    assertThat(sent.subject()).contains("Ada <Lovelace>").contains("Analytical Engines");
    assertThat(sent.text()).contains("Ada <Lovelace>").contains("Analytical Engines").contains(ACCEPT_LINK);
    assertThat(sent.html()).contains("Ada &lt;Lovelace&gt;").doesNotContain("<Lovelace>").contains(ACCEPT_LINK);
  }

  @Test
  void manyAddressesAsACommaSeparatedStringOrAnArrayEachGetTheirOwnInvitationAndEmail() {
    User a = api.user("a");
    User b = api.user("b");
    User c = api.user("c");
    User d = api.user("d");
    int itemsBefore = api.itemCount();

    Response fromString = api.call(owner, "POST", invitations(orgId),
        Json.object().put("emails", " " + a.email() + " ,, " + b.email() + " , " + c.email() + ",").toString());
    Response fromArray = api.call(owner, "POST", invitations(orgId), emailsBody(List.of(d.email()), null));

    assertThat(fromString.status()).isEqualTo(200);
    assertThat(statuses(fromString)).containsExactly("invited", "invited", "invited");
    assertThat(emailsOf(fromString)).containsExactly(a.email(), b.email(), c.email());
    assertThat(statuses(fromArray)).containsExactly("invited");
    Set<String> ids = new HashSet<>(invitationIds(fromString));
    ids.addAll(invitationIds(fromArray));
    assertThat(ids).hasSize(4);
    assertThat(api.itemCount()).isEqualTo(itemsBefore + 4 + 1); // and the org's usage counter
    Set<String> tokens = new HashSet<>();
    for (User invitee : List.of(a, b, c, d)) {
      tokens.add(Api.tokenOf(onlyEmailTo(invitee)));
    }
    assertThat(tokens).as("every invitation has its own link").hasSize(4);
  }

  @Test
  void eachAddressGetsItsOwnResultInRequestOrder() {
    User member = api.user("member");
    api.join(owner, orgId, member, null);
    User pending = api.user("pending");
    String pendingId = api.invite(owner, orgId, null, pending).json().at("/results/0/invitationId").asText();
    User fresh = api.user("fresh");
    User twice = api.user("twice");
    int itemsBefore = api.itemCount();

    Response response = api.call(owner, "POST", invitations(orgId), emailsBody(List.of(member.email(),
        pending.email(), "not-an-email", fresh.email(), twice.email(), twice.email().toUpperCase(), owner.email(),
        "two@@example.test"), null));

    assertThat(response.status()).as(response.json().toString()).isEqualTo(200);
    JsonNode results = response.json().get("results");
    assertThat(statuses(response)).containsExactly("already_member", "already_invited", "invalid_email", "invited",
        "invited", "already_invited", "already_member", "invalid_email");
    assertThat(results.get(0).get("email").asText()).isEqualTo(member.email());
    assertThat(results.get(0).has("invitationId")).isFalse();
    assertThat(results.get(1).get("invitationId").asText()).isEqualTo(pendingId);
    assertThat(results.get(2).get("email").asText()).isEqualTo("not-an-email");
    assertThat(results.get(2).has("invitationId")).isFalse();
    String twiceId = results.get(4).get("invitationId").asText();
    assertThat(results.get(5).get("email").asText()).isEqualTo(twice.email());
    assertThat(results.get(5).get("invitationId").asText()).isEqualTo(twiceId);
    assertThat(results.get(6).get("email").asText()).isEqualTo(owner.email());
    assertThat(results.get(7).get("email").asText()).isEqualTo("two@@example.test");

    assertThat(api.itemCount()).as("only fresh and twice were written").isEqualTo(itemsBefore + 2);
    assertThat(api.emailsTo(fresh.email())).hasSize(1);
    assertThat(api.emailsTo(twice.email())).as("one email for an address named twice").hasSize(1);
    assertThat(api.emailsTo(pending.email())).as("already invited: no second email").hasSize(1);
    assertThat(api.emailsTo(member.email())).as("only the email of the member's own invitation").hasSize(1);
    assertThat(api.emailsTo(owner.email())).isEmpty();
  }

  @Test
  void rolesDefaultToMemberAndExplicitRolesAreKept() {
    User plain = api.user("plain");
    User accessor = api.user("accessor");
    User coOwner = api.user("co-owner");
    api.invite(owner, orgId, null, plain);
    api.invite(owner, orgId, "[\"instance_accessor\"]", accessor);
    api.invite(owner, orgId, "[\"owner\",\"member\"]", coOwner);

    Map<String, JsonNode> byEmail = allItems(owner, invitations(orgId), "", 100).stream()
        .collect(Collectors.toMap(item -> item.get("email").asText(), Function.identity()));
    assertThat(byEmail.get(plain.email()).get("roles").toString()).isEqualTo("[\"member\"]");
    assertThat(byEmail.get(accessor.email()).get("roles").toString()).isEqualTo("[\"instance_accessor\"]");
    assertThat(byEmail.get(coOwner.email()).get("roles").toString()).isEqualTo("[\"owner\",\"member\"]");

    Response accepted = accept(accessor, api.latestToken(accessor.email()));
    assertThat(accepted.status()).isEqualTo(200);
    assertThat(accepted.json().get("roles").toString()).isEqualTo("[\"instance_accessor\"]");
  }

  @Test
  void moreThan100AddressesIs400AndNothingIsWrittenOrSent() {
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      addresses.add(TestEnvironment.uniqueEmail("bulk" + i));
    }
    int itemsBefore = api.itemCount();
    api.sesRequests.reset();
    api.dynamoDbRequests.reset();

    Response asArray = api.call(owner, "POST", invitations(orgId), emailsBody(addresses, null));
    Response asString = api.call(owner, "POST", invitations(orgId),
        Json.object().put("emails", String.join(", ", addresses)).toString());

    assertProblem(asArray, 400);
    assertProblem(asString, 400);
    assertThat(asArray.json().get("detail").asText()).contains("100");
    assertThat(api.itemCount()).isEqualTo(itemsBefore);
    assertThat(api.dynamoDbRequests.operations()).doesNotContainAnyElementsOf(WRITE_OPERATIONS);
    assertThat(api.sesRequests.count()).isZero();
    Set<String> rejected = new HashSet<>(addresses);
    assertThat(TestEnvironment.get().ses().sentEmails()).noneMatch(email -> email.to().stream().anyMatch(rejected::contains));
  }

  @Test
  void exactly100AddressesAreAllInvitedAndMailed() {
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      addresses.add(TestEnvironment.uniqueEmail("hundred" + i));
    }
    int itemsBefore = api.itemCount();

    Response response = api.call(owner, "POST", invitations(orgId), emailsBody(addresses, null));

    assertThat(response.status()).as(response.json().toString()).isEqualTo(200);
    assertThat(statuses(response)).hasSize(100).containsOnly("invited");
    assertThat(api.itemCount()).isEqualTo(itemsBefore + 100 + 1); // and the org's usage counter
    Map<String, Long> mailsPerAddress = TestEnvironment.get().ses().sentEmails().stream()
        .flatMap(email -> email.to().stream())
        .filter(addresses::contains)
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(mailsPerAddress).hasSize(100).allSatisfy((address, count) -> assertThat(count).isEqualTo(1L));
  }

  static Stream<Arguments> badBodies() {
    return Stream.of(
        Arguments.of("no body", null),
        Arguments.of("not JSON", "{emails: a@example.test}"),
        Arguments.of("trailing garbage", "{\"emails\":\"a@example.test\"} x"),
        Arguments.of("not an object", "[\"a@example.test\"]"),
        Arguments.of("missing emails", "{}"),
        Arguments.of("null emails", "{\"emails\":null}"),
        Arguments.of("number emails", "{\"emails\":42}"),
        Arguments.of("object emails", "{\"emails\":{\"a\":\"a@example.test\"}}"),
        Arguments.of("array of numbers", "{\"emails\":[42]}"),
        Arguments.of("empty array", "{\"emails\":[]}"),
        Arguments.of("empty string", "{\"emails\":\"\"}"),
        Arguments.of("only separators", "{\"emails\":\" , ,\"}"),
        Arguments.of("blank array entries", "{\"emails\":[\" \",\"\"]}"),
        Arguments.of("unknown field", "{\"emails\":\"a@example.test\",\"role\":[\"member\"]}"),
        Arguments.of("duplicate field", "{\"emails\":\"a@example.test\",\"emails\":\"b@example.test\"}"),
        Arguments.of("roles not an array", "{\"emails\":\"a@example.test\",\"roles\":\"member\"}"),
        Arguments.of("roles null", "{\"emails\":\"a@example.test\",\"roles\":null}"),
        Arguments.of("role not a string", "{\"emails\":\"a@example.test\",\"roles\":[1]}"),
        Arguments.of("empty roles", "{\"emails\":\"a@example.test\",\"roles\":[]}"),
        Arguments.of("unknown role", "{\"emails\":\"a@example.test\",\"roles\":[\"superuser\"]}"),
        Arguments.of("unknown among known", "{\"emails\":\"a@example.test\",\"roles\":[\"member\",\"Owner\"]}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBodies")
  void aBadBodyIs400ProblemJsonAndNothingIsWrittenOrSent(String why, String body) {
    int itemsBefore = api.itemCount();
    api.sesRequests.reset();

    Response response = api.call(owner, "POST", invitations(orgId), body);

    assertProblem(response, 400);
    assertThat(response.json().get("title").asText()).isEqualTo("Bad Request");
    assertThat(response.json().get("detail").asText()).isNotBlank();
    assertThat(api.itemCount()).isEqualTo(itemsBefore);
    assertThat(api.sesRequests.count()).isZero();
  }

  @Test
  void withoutValidCredentialsIs401() {
    int itemsBefore = api.itemCount();
    api.sesRequests.reset();
    String body = emailsBody(List.of(TestEnvironment.uniqueEmail("x")), null);

    Response anonymous = api.call((User) null, "POST", invitations(orgId), body);
    Response garbage = api.call("Bearer not-a-jwt", "POST", invitations(orgId), body);
    Response basic = api.call("Basic dXNlcjpwYXNz", "POST", invitations(orgId), body);

    for (Response response : List.of(anonymous, garbage, basic)) {
      assertProblem(response, 401);
    }
    assertThat(api.itemCount()).isEqualTo(itemsBefore);
    assertThat(api.sesRequests.count()).isZero();
  }

  @Test
  void membersWithoutMembersInviteGet403AndNothingIsWrittenOrSent() {
    User member = api.user("member");
    User accessor = api.user("accessor");
    api.join(owner, orgId, member, null);
    api.join(owner, orgId, accessor, "[\"instance_accessor\"]");
    User target = api.user("target");
    int itemsBefore = api.itemCount();
    api.sesRequests.reset();

    for (User caller : List.of(member, accessor)) {
      Response response = api.call(caller, "POST", invitations(orgId), emailsBody(List.of(target.email()), null));
      assertProblem(response, 403);
    }
    assertThat(api.itemCount()).isEqualTo(itemsBefore);
    assertThat(api.sesRequests.count()).isZero();
    assertThat(api.emailsTo(target.email())).isEmpty();
  }

  @Test
  void strangersAndUnknownOrgsGetTheSame404() {
    User stranger = api.user("stranger");
    User target = api.user("target");
    int itemsBefore = api.itemCount();
    api.sesRequests.reset();
    String body = emailsBody(List.of(target.email()), null);

    Response asStranger = api.call(stranger, "POST", invitations(orgId), body);
    Response unknownOrg = api.call(owner, "POST", invitations("org_doesNotExist0000000000"), body);

    assertProblem(asStranger, 404);
    assertProblem(unknownOrg, 404);
    assertThat(asStranger.json().get("type")).isEqualTo(unknownOrg.json().get("type"));
    assertThat(asStranger.json().get("detail")).isEqualTo(unknownOrg.json().get("detail"));
    assertThat(api.itemCount()).isEqualTo(itemsBefore);
    assertThat(api.sesRequests.count()).isZero();
  }

  @Test
  void strangersGet404AndMembersWithoutThePermission403WhateverTheyPost() {
    User member = api.user("member");
    api.join(owner, orgId, member, null);
    User stranger = api.user("stranger");
    int itemsBefore = api.itemCount();
    api.sesRequests.reset();
    List<String> badBodies = new ArrayList<>(java.util.Arrays.asList(null, "not JSON", "{}", "{\"emails\":[]}",
        "{\"emails\":\"a@example.test\",\"colour\":\"red\"}", "{\"emails\":\"a@example.test\",\"roles\":[\"nope\"]}"));
    badBodies.add(emailsBody(java.util.Collections.nCopies(101, "a@example.test"), null));

    for (String body : badBodies) {
      assertProblem(api.call(stranger, "POST", invitations(orgId), body), 404);
      assertProblem(api.call(owner, "POST", invitations("org_doesNotExist0000000000"), body), 404);
      assertProblem(api.call(member, "POST", invitations(orgId), body), 403);
    }
    assertThat(api.itemCount()).isEqualTo(itemsBefore);
    assertThat(api.sesRequests.count()).isZero();
  }

  private SesEmulator.SentEmail onlyEmailTo(User user) {
    List<SesEmulator.SentEmail> emails = api.emailsTo(user.email());
    assertThat(emails).hasSize(1);
    return emails.get(0);
  }
}
