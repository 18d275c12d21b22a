package io.usersroles.functions.invitations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import io.usersroles.engines.LocalIdentityProvider;
import io.usersroles.engines.SesEmulator;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.functions.http.Json;
import io.usersroles.testing.TestEnvironment;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The invitation routes of SPEC section 4 (create, list, resend, cancel, accept) through the gateway,
 * the real authorizer and handlers, on DynamoDB Local and the SES emulator.
 */
class InvitationHandlersTest {
  private static final Duration TTL = Duration.ofDays(7);
  private static final Duration PAST_EXPIRY = TTL.plusMinutes(1);
  private static final String ACCEPT_LINK = TestEnvironment.ACCEPT_URL_BASE + "?token=";
  private static final List<String> WRITE_OPERATIONS =
      List.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems");

  private final Api api = createApi();

  /** The engines this class runs on; {@link InvitationHandlersOnLocalStackTest} overrides it. */
  Api createApi() {
    return new Api();
  }
  private final User owner = api.user("owner");
  private final String orgId = api.createOrg(owner, "Acme Rockets");

  // ---------------------------------------------------------------- create

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

  // ---------------------------------------------------------------- list

  @Test
  void theStatusFilterSelectsPendingAcceptedCancelledAndExpired() {
    User expiring = api.user("expiring");
    User superseded = api.user("superseded");
    Response early = api.invite(owner, orgId, null, expiring, superseded);
    String expiringId = early.json().at("/results/0/invitationId").asText();
    String supersededOldId = early.json().at("/results/1/invitationId").asText();
    api.clock.advance(PAST_EXPIRY);

    User pending = api.user("pending");
    User accepting = api.user("accepting");
    User cancelling = api.user("cancelling");
    Response later = api.invite(owner, orgId, null, superseded, pending, accepting, cancelling);
    assertThat(statuses(later)).as("an expired invitation does not block a new one")
        .containsExactly("invited", "invited", "invited", "invited");
    String supersededNewId = later.json().at("/results/0/invitationId").asText();
    String pendingId = later.json().at("/results/1/invitationId").asText();
    String acceptedId = later.json().at("/results/2/invitationId").asText();
    String cancelledId = later.json().at("/results/3/invitationId").asText();
    assertThat(supersededNewId).isNotEqualTo(supersededOldId);
    assertThat(accept(accepting, api.latestToken(accepting.email())).status()).isEqualTo(200);
    assertThat(api.call(owner, "DELETE", invitations(orgId) + "/" + cancelledId).status()).isEqualTo(204);

    assertThat(idsWithStatus("pending")).containsExactlyInAnyOrder(supersededNewId, pendingId);
    assertThat(idsWithStatus("expired")).containsExactlyInAnyOrder(expiringId, supersededOldId);
    assertThat(idsWithStatus("accepted")).containsExactly(acceptedId);
    assertThat(idsWithStatus("cancelled")).containsExactly(cancelledId);

    List<JsonNode> all = allItems(owner, invitations(orgId), "", 100);
    Map<String, String> statusById = all.stream()
        .collect(Collectors.toMap(item -> item.get("id").asText(), item -> item.get("status").asText()));
    assertThat(statusById).containsOnly(
        Map.entry(expiringId, "expired"), Map.entry(supersededOldId, "expired"),
        Map.entry(supersededNewId, "pending"), Map.entry(pendingId, "pending"),
        Map.entry(acceptedId, "accepted"), Map.entry(cancelledId, "cancelled"));

    JsonNode accepted = all.stream().filter(item -> item.get("id").asText().equals(acceptedId)).findFirst()
        .orElseThrow();
    assertThat(accepted.get("acceptedBy").asText()).isEqualTo(accepting.userId());
    assertThat(Instant.parse(accepted.get("acceptedAt").asText()))
        .isAfterOrEqualTo(Instant.parse(accepted.get("createdAt").asText()));
    for (JsonNode item : all) {
      assertThat(item.fieldNames()).toIterable().contains("id", "email", "roles", "status", "invitedBy",
          "createdAt", "expiresAt", "lastSentAt", "sendCount");
    }
  }

  @Test
  void pagesWithLimitAndCursorCoverEveryInvitationOnceAcrossSegments() {
    List<User> invitees = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      invitees.add(api.user("x" + i));
    }
    Response first = api.invite(owner, orgId, null, invitees.toArray(User[]::new));
    List<String> firstIds = invitationIds(first);
    api.clock.advance(PAST_EXPIRY);
    // re-inviting two of them moves their expired invitations to history: "expired" now spans the
    // open slots (x0, x1) and the history items (old x2, old x3)
    Response second = api.invite(owner, orgId, null, invitees.get(2), invitees.get(3));
    List<User> more = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      more.add(api.user("y" + i));
    }
    Response third = api.invite(owner, orgId, null, more.toArray(User[]::new));
    String cancelled = invitationIds(third).get(0);
    assertThat(api.call(owner, "DELETE", invitations(orgId) + "/" + cancelled).status()).isEqualTo(204);

    Set<String> everything = new HashSet<>(firstIds);
    everything.addAll(invitationIds(second));
    everything.addAll(invitationIds(third));
    assertThat(everything).hasSize(11);

    for (int limit : new int[] {1, 2, 3, 5, 10, 11, 100}) {
      assertPagesCover(owner, invitations(orgId), "", limit, everything);
      assertPagesCover(owner, invitations(orgId), "status=expired&", limit, Set.copyOf(firstIds));
    }
    Set<String> pending = new HashSet<>(invitationIds(second));
    pending.addAll(invitationIds(third).subList(1, 5));
    assertPagesCover(owner, invitations(orgId), "status=pending&", 2, pending);
    assertPagesCover(owner, invitations(orgId), "status=cancelled&", 1, Set.of(cancelled));
  }

  @Test
  void theDefaultPageHolds50() {
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < 53; i++) {
      addresses.add(TestEnvironment.uniqueEmail("many" + i));
    }
    assertThat(api.call(owner, "POST", invitations(orgId), emailsBody(addresses, null)).status()).isEqualTo(200);

    Response page = api.call(owner, "GET", invitations(orgId));

    assertThat(page.json().get("items")).hasSize(50);
    assertThat(page.json().get("nextCursor").isTextual()).isTrue();
    Response rest = api.call(owner, "GET", invitations(orgId) + "?cursor=" + encode(page.json().get("nextCursor")
        .asText()));
    assertThat(rest.json().get("items")).hasSize(3);
    assertThat(rest.json().get("nextCursor").isNull()).isTrue();
  }

  @Test
  void anAlteredForgedOrForeignCursorIs400() {
    api.invite(owner, orgId, null, api.user("a"), api.user("b"), api.user("c"));
    String otherOrg = api.createOrg(owner, "Other");
    api.invite(owner, otherOrg, null, api.user("d"), api.user("e"), api.user("f"));
    String cursor = nextCursor(api.call(owner, "GET", invitations(orgId) + "?limit=1"));
    String pendingCursor = nextCursor(api.call(owner, "GET", invitations(orgId) + "?status=pending&limit=1"));
    assertThat(api.call(owner, "GET", invitations(orgId) + "?limit=1&cursor=" + encode(cursor)).status())
        .as("the genuine cursor works").isEqualTo(200);

    int dot = cursor.indexOf('.');
    String payload = new String(Base64.getUrlDecoder().decode(cursor.substring(0, dot)), StandardCharsets.UTF_8);
    String forgedPayload = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.replace("INVITE#", "INVITE#OPEN#zz").getBytes(StandardCharsets.UTF_8));
    List<String> bad = List.of(
        flipChar(cursor, 0),
        flipChar(cursor, dot + 3),
        forgedPayload + cursor.substring(dot),
        cursor + "A",
        cursor.substring(0, dot),
        "not-a-cursor",
        "a.b.c",
        "");
    for (String altered : bad) {
      Response response = api.call(owner, "GET", invitations(orgId) + "?limit=1&cursor=" + encode(altered));
      assertProblem(response, 400);
    }
    assertProblem(api.call(owner, "GET", invitations(otherOrg) + "?limit=1&cursor=" + encode(cursor)), 400);
    assertProblem(api.call(owner, "GET", invitations(orgId) + "?status=pending&limit=1&cursor=" + encode(cursor)),
        400);
    assertProblem(api.call(owner, "GET", invitations(orgId) + "?limit=1&cursor=" + encode(pendingCursor)), 400);
    assertProblem(api.call(owner, "GET", invitations(orgId) + "?status=expired&limit=1&cursor="
        + encode(pendingCursor)), 400);
    assertProblem(api.call(owner, "GET", "/orgs/" + orgId + "/users?limit=1&cursor=" + encode(cursor)), 400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "101", "-1", "abc", "1.5", "", "99999", "1e2"})
  void aLimitOutsideOneTo100Is400(String limit) {
    api.invite(owner, orgId, null, api.user("a"));
    assertProblem(api.call(owner, "GET", invitations(orgId) + "?limit=" + encode(limit)), 400);
  }

  @Test
  void limitsOf1And100AreAccepted() {
    api.invite(owner, orgId, null, api.user("a"), api.user("b"));
    assertThat(api.call(owner, "GET", invitations(orgId) + "?limit=1").json().get("items")).hasSize(1);
    assertThat(api.call(owner, "GET", invitations(orgId) + "?limit=100").json().get("items")).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PENDING", "open", "all", "pending,accepted"})
  void anUnknownStatusIs400(String status) {
    assertProblem(api.call(owner, "GET", invitations(orgId) + "?status=" + encode(status)), 400);
  }

  @Test
  void membersMayViewStrangersGet404AndAnonymousCallersGet401() {
    User member = api.user("member");
    User accessor = api.user("accessor");
    api.join(owner, orgId, member, null);
    api.join(owner, orgId, accessor, "[\"instance_accessor\"]");
    User invitee = api.user("invitee");
    api.invite(owner, orgId, null, invitee);

    for (User viewer : List.of(member, accessor)) {
      Response listed = api.call(viewer, "GET", invitations(orgId) + "?status=pending");
      assertThat(listed.status()).isEqualTo(200);
      assertThat(listed.json().get("items")).hasSize(1);
      assertThat(listed.json().at("/items/0/email").asText()).isEqualTo(invitee.email());
    }
    assertProblem(api.call(api.user("stranger"), "GET", invitations(orgId)), 404);
    assertProblem(api.call(owner, "GET", invitations("org_doesNotExist0000000000")), 404);
    assertProblem(api.call((User) null, "GET", invitations(orgId)), 401);
  }

  @Test
  void strangersGet404WhateverQueryTheySend() {
    User stranger = api.user("stranger");
    api.invite(owner, orgId, null, api.user("a"), api.user("b"));
    String cursor = nextCursor(api.call(owner, "GET", invitations(orgId) + "?limit=1"));

    for (String query : List.of("status=bogus", "limit=abc", "limit=0", "limit=101", "cursor=forged",
        "limit=1&cursor=" + encode(cursor))) {
      assertProblem(api.call(stranger, "GET", invitations(orgId) + "?" + query), 404);
      assertProblem(api.call(owner, "GET", invitations("org_doesNotExist0000000000") + "?" + query), 404);
    }
  }

  private List<String> idsWithStatus(String status) {
    List<JsonNode> items = allItems(owner, invitations(orgId), "status=" + status + "&", 100);
    assertThat(items).allSatisfy(item -> assertThat(item.get("status").asText()).isEqualTo(status));
    return items.stream().map(item -> item.get("id").asText()).toList();
  }

  // ---------------------------------------------------------------- resend

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

  // ---------------------------------------------------------------- cancel

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

  // ---------------------------------------------------------------- accept

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

  // ---------------------------------------------------------------- helpers

  private static String invitations(String orgId) {
    return "/orgs/" + orgId + "/invitations";
  }

  private Response accept(User user, String token) {
    return api.call(user, "POST", "/invitations/accept", Api.json("token", token));
  }

  /** A user whose token carries exactly these claims (null email or name: no such claim). */
  private User userWithClaims(String email, String userId, String name, boolean emailVerified) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(LocalIdentityProvider.ISSUER)
        .audience(LocalIdentityProvider.AUDIENCE)
        .subject(userId)
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
        .claim("email_verified", emailVerified);
    if (email != null) {
      claims.claim("email", email);
    }
    if (name != null) {
      claims.claim("name", name);
    }
    return new User(email, userId, api.env.identityProvider().sign(claims.build()));
  }

  static String emailsBody(List<String> emails, List<String> roles) {
    ObjectNode body = Json.object();
    ArrayNode array = body.putArray("emails");
    emails.forEach(array::add);
    if (roles != null) {
      ArrayNode roleArray = body.putArray("roles");
      roles.forEach(roleArray::add);
    }
    return body.toString();
  }

  static List<String> statuses(Response response) {
    return results(response).stream().map(result -> result.get("status").asText()).toList();
  }

  static List<String> emailsOf(Response response) {
    return results(response).stream().map(result -> result.get("email").asText()).toList();
  }

  static List<String> invitationIds(Response response) {
    return results(response).stream().map(result -> result.get("invitationId").asText()).toList();
  }

  private static List<JsonNode> results(Response response) {
    assertThat(response.status()).as(response.json().toString()).isEqualTo(200);
    List<JsonNode> results = new ArrayList<>();
    response.json().get("results").forEach(results::add);
    return results;
  }

  private SesEmulator.SentEmail onlyEmailTo(User user) {
    List<SesEmulator.SentEmail> emails = api.emailsTo(user.email());
    assertThat(emails).hasSize(1);
    return emails.get(0);
  }

  private static JsonNode onlyItem(Response list) {
    assertThat(list.status()).as(list.json().toString()).isEqualTo(200);
    assertThat(list.json().get("items")).hasSize(1);
    assertThat(list.json().get("nextCursor").isNull()).isTrue();
    return list.json().get("items").get(0);
  }

  private static String nextCursor(Response page) {
    assertThat(page.status()).as(page.json().toString()).isEqualTo(200);
    JsonNode cursor = page.json().get("nextCursor");
    assertThat(cursor.isTextual()).as("a next cursor in " + page.json()).isTrue();
    return cursor.asText();
  }

  /** Every item of a list, following cursors; each page must hold at most {@code limit} items. */
  List<JsonNode> allItems(User caller, String path, String query, int limit) {
    List<JsonNode> items = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 1000; page++) {
      Response response = api.call(caller, "GET", path + "?" + query + "limit=" + limit
          + (cursor == null ? "" : "&cursor=" + encode(cursor)));
      assertThat(response.status()).as(response.json().toString()).isEqualTo(200);
      assertThat(response.contentType()).isEqualTo("application/json");
      assertThat(response.json().get("items").size()).isLessThanOrEqualTo(limit);
      response.json().get("items").forEach(items::add);
      JsonNode next = response.json().get("nextCursor");
      assertThat(next).as("nextCursor is always present").isNotNull();
      if (next.isNull()) {
        return items;
      }
      cursor = next.asText();
    }
    throw new AssertionError("the list never ended");
  }

  private void assertPagesCover(User caller, String path, String query, int limit, Set<String> expectedIds) {
    List<String> ids = allItems(caller, path, query, limit).stream().map(item -> item.get("id").asText()).toList();
    assertThat(ids).as("%s?%slimit=%d: no duplicates", path, query, limit).doesNotHaveDuplicates();
    assertThat(ids).as("%s?%slimit=%d: no gaps", path, query, limit).containsExactlyInAnyOrderElementsOf(expectedIds);
  }

  static void assertProblem(Response response, int status) {
    assertThat(response.status()).as(response.json().toString()).isEqualTo(status);
    assertThat(response.contentType()).isEqualTo("application/problem+json");
    assertThat(response.json().get("status").asInt()).isEqualTo(status);
    assertThat(response.json().get("type").asText()).startsWith("urn:users-and-roles:problem:");
    assertThat(response.json().get("title").asText()).isNotBlank();
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static String flipChar(String text, int index) {
    char c = text.charAt(index);
    char replacement = c == 'A' ? 'B' : 'A';
    return text.substring(0, index) + replacement + text.substring(index + 1);
  }
}
