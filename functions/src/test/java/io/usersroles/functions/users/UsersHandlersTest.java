package io.usersroles.functions.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import io.usersroles.engines.LocalIdentityProvider;
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
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code GET /orgs/{orgId}/users} through the gateway, the real authorizer and handler,
 * on DynamoDB Local: active members and open invitations as rows, the status and type filters,
 * pagination with opaque cursors, and who may look.
 */
class UsersHandlersTest {
  private static final Duration PAST_EXPIRY = Duration.ofDays(7).plusMinutes(1);
  private static final Set<String> ROW_FIELDS = Set.of("id", "email", "name", "type", "self", "status", "roles");

  private final Api api = new Api();
  private final User owner = api.user("owner");
  private final String orgId = api.createOrg(owner, "Acme Rockets");

  @Test
  void rowsAreActiveMembersAndOpenInvitationsWithEveryField() {
    User expiring = api.user("expiring");
    api.invite(owner, orgId, null, expiring);
    api.clock.advance(PAST_EXPIRY);
    String adaEmail = TestEnvironment.uniqueEmail("ada");
    User ada = userWithClaims(adaEmail, LocalIdentityProvider.userIdFor(adaEmail), "Ada Lovelace");
    api.join(owner, orgId, ada, null);
    User accessor = api.user("accessor");
    api.join(owner, orgId, accessor, "[\"instance_accessor\"]");
    User pending = api.user("pending");
    String pendingId = api.invite(owner, orgId, "[\"instance_accessor\"]", pending).json()
        .at("/results/0/invitationId").asText();
    User cancelled = api.user("cancelled");
    String cancelledId = api.invite(owner, orgId, null, cancelled).json().at("/results/0/invitationId").asText();
    assertThat(api.call(owner, "DELETE", "/orgs/" + orgId + "/invitations/" + cancelledId).status()).isEqualTo(204);

    Response response = api.call(ada, "GET", users(orgId));

    assertThat(response.status()).as(response.json().toString()).isEqualTo(200);
    assertThat(response.contentType()).isEqualTo("application/json");
    assertThat(response.json().get("nextCursor").isNull()).isTrue();
    Map<String, JsonNode> byEmail = rowsByEmail(response);
    assertThat(byEmail.keySet()).containsExactlyInAnyOrder(owner.email(), ada.email(), accessor.email(),
        pending.email());
    for (JsonNode row : byEmail.values()) {
      assertThat(row.fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(ROW_FIELDS);
      assertThat(row.get("name").isTextual()).isTrue();
      assertThat(row.get("self").isBoolean()).isTrue();
      assertThat(row.get("roles").isArray()).isTrue();
    }

    JsonNode ownerRow = byEmail.get(owner.email());
    assertThat(ownerRow.get("id").asText()).isEqualTo(owner.userId());
    assertThat(ownerRow.get("type").asText()).isEqualTo("member");
    assertThat(ownerRow.get("status").asText()).isEqualTo("active");
    assertThat(ownerRow.get("self").asBoolean()).isFalse();
    assertThat(ownerRow.get("roles").toString()).isEqualTo("[\"owner\"]");

    JsonNode adaRow = byEmail.get(ada.email());
    assertThat(adaRow.get("id").asText()).isEqualTo(ada.userId());
    assertThat(adaRow.get("name").asText()).isEqualTo("Ada Lovelace");
    assertThat(adaRow.get("self").asBoolean()).as("the caller's own row").isTrue();
    assertThat(adaRow.get("status").asText()).isEqualTo("active");
    assertThat(adaRow.get("roles").toString()).isEqualTo("[\"member\"]");

    JsonNode accessorRow = byEmail.get(accessor.email());
    assertThat(accessorRow.get("id").asText()).isEqualTo(accessor.userId());
    assertThat(accessorRow.get("roles").toString()).isEqualTo("[\"instance_accessor\"]");
    assertThat(accessorRow.get("self").asBoolean()).isFalse();

    JsonNode pendingRow = byEmail.get(pending.email());
    assertThat(pendingRow.get("id").asText()).isEqualTo(pendingId);
    assertThat(pendingRow.get("type").asText()).isEqualTo("member");
    assertThat(pendingRow.get("status").asText()).isEqualTo("pending");
    assertThat(pendingRow.get("self").asBoolean()).isFalse();
    assertThat(pendingRow.get("roles").toString()).isEqualTo("[\"instance_accessor\"]");

    assertThat(rowsByEmail(api.call(owner, "GET", users(orgId))).get(owner.email()).get("self").asBoolean())
        .isTrue();
  }

  @Test
  void statusAndTypeFiltersSelectRows() {
    User member = api.user("member");
    api.join(owner, orgId, member, null);
    User pending = api.user("pending");
    api.invite(owner, orgId, null, pending);
    Set<String> active = Set.of(owner.email(), member.email());

    assertThat(emails(owner, "status=active&")).containsExactlyInAnyOrderElementsOf(active);
    assertThat(emails(owner, "status=pending&")).containsExactly(pending.email());
    assertThat(emails(owner, "type=member&")).containsExactlyInAnyOrder(owner.email(), member.email(),
        pending.email());
    assertThat(emails(owner, "status=active&type=member&")).containsExactlyInAnyOrderElementsOf(active);
    assertThat(emails(owner, "status=pending&type=member&")).containsExactly(pending.email());
    assertThat(emails(owner, "type=service_account&")).isEmpty();
    assertThat(emails(owner, "status=pending&type=service_account&")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"status=inactive", "status=ACTIVE", "type=service-account", "type=human",
      "status=active,pending"})
  void anUnknownFilterValueIs400(String query) {
    assertProblem(api.call(owner, "GET", users(orgId) + "?" + query), 400);
  }

  @Test
  void anExpiredInvitationLeavesTheListAndAResendBringsItBack() {
    User pending = api.user("pending");
    String id = api.invite(owner, orgId, null, pending).json().at("/results/0/invitationId").asText();
    assertThat(emails(owner, "status=pending&")).containsExactly(pending.email());

    api.clock.advance(PAST_EXPIRY);
    assertThat(emails(owner, "")).containsExactly(owner.email());

    assertThat(api.call(owner, "POST", "/orgs/" + orgId + "/invitations/" + id + "/resend").status()).isEqualTo(200);
    assertThat(emails(owner, "status=pending&")).containsExactly(pending.email());
  }

  @Test
  void anAcceptedInvitationBecomesOneActiveRow() {
    User alice = api.user("alice");
    api.join(owner, orgId, alice, "[\"instance_accessor\"]");

    List<JsonNode> rows = allRows(owner, "", 100);

    assertThat(rows).filteredOn(row -> row.get("email").asText().equals(alice.email())).singleElement()
        .satisfies(row -> {
          assertThat(row.get("id").asText()).isEqualTo(alice.userId());
          assertThat(row.get("status").asText()).isEqualTo("active");
          assertThat(row.get("roles").toString()).isEqualTo("[\"instance_accessor\"]");
        });
  }

  @Test
  void pagesWithLimitAndCursorCoverEveryRowOnceAcrossMembersAndInvitations() {
    Set<String> everyone = new HashSet<>(Set.of(owner.email()));
    Set<String> activeOnes = new HashSet<>(Set.of(owner.email()));
    for (int i = 0; i < 3; i++) {
      User member = api.user("member" + i);
      api.join(owner, orgId, member, null);
      everyone.add(member.email());
      activeOnes.add(member.email());
    }
    List<User> invitees = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      invitees.add(api.user("invitee" + i));
    }
    api.invite(owner, orgId, null, invitees.toArray(User[]::new));
    Set<String> pendingOnes = invitees.stream().map(User::email).collect(Collectors.toSet());
    everyone.addAll(pendingOnes);

    for (int limit : new int[] {1, 3, 4, 5, 8, 100}) {
      assertPagesCover("", limit, everyone);
      assertPagesCover("status=active&", limit, activeOnes);
      assertPagesCover("status=pending&", limit, pendingOnes);
    }
  }

  @Test
  void theDefaultPageHolds50() {
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < 55; i++) {
      addresses.add(TestEnvironment.uniqueEmail("many" + i));
    }
    Response invited = api.call(owner, "POST", "/orgs/" + orgId + "/invitations",
        Json.object().put("emails", String.join(",", addresses)).toString());
    assertThat(invited.status()).isEqualTo(200);

    Response first = api.call(owner, "GET", users(orgId));
    assertThat(first.json().get("items")).hasSize(50);
    String cursor = first.json().get("nextCursor").asText();
    Response second = api.call(owner, "GET", users(orgId) + "?cursor=" + encode(cursor));

    assertThat(second.json().get("items")).hasSize(6);
    assertThat(second.json().get("nextCursor").isNull()).isTrue();
    Set<String> seen = new HashSet<>();
    first.json().get("items").forEach(row -> seen.add(row.get("email").asText()));
    second.json().get("items").forEach(row -> seen.add(row.get("email").asText()));
    assertThat(seen).hasSize(56).contains(owner.email()).containsAll(addresses);
  }

  @Test
  void anAlteredForgedOrForeignCursorIs400() {
    api.invite(owner, orgId, null, api.user("a"), api.user("b"));
    String otherOrg = api.createOrg(owner, "Other");
    api.invite(owner, otherOrg, null, api.user("c"), api.user("d"));
    String cursor = nextCursor(api.call(owner, "GET", users(orgId) + "?limit=1"));
    String pendingCursor = nextCursor(api.call(owner, "GET", users(orgId) + "?status=pending&limit=1"));
    String invitationsCursor = nextCursor(api.call(owner, "GET", "/orgs/" + orgId + "/invitations?limit=1"));
    assertThat(api.call(owner, "GET", users(orgId) + "?limit=1&cursor=" + encode(cursor)).status()).isEqualTo(200);

    int middle = cursor.length() / 2;
    for (String bad : List.of(flipChar(cursor, 1), flipChar(cursor, middle), cursor.substring(0, middle), "x.y", "")) {
      assertProblem(api.call(owner, "GET", users(orgId) + "?limit=1&cursor=" + encode(bad)), 400);
    }
    assertProblem(api.call(owner, "GET", users(otherOrg) + "?limit=1&cursor=" + encode(cursor)), 400);
    assertProblem(api.call(owner, "GET", users(orgId) + "?status=pending&limit=1&cursor=" + encode(cursor)), 400);
    assertProblem(api.call(owner, "GET", users(orgId) + "?type=member&limit=1&cursor=" + encode(cursor)), 400);
    assertProblem(api.call(owner, "GET", users(orgId) + "?limit=1&cursor=" + encode(pendingCursor)), 400);
    assertProblem(api.call(owner, "GET", users(orgId) + "?limit=1&cursor=" + encode(invitationsCursor)), 400);
    assertProblem(api.call(owner, "GET", "/orgs/" + orgId + "/invitations?limit=1&cursor=" + encode(cursor)), 400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "101", "-5", "ten", "", "2.0"})
  void aLimitOutsideOneTo100Is400(String limit) {
    assertProblem(api.call(owner, "GET", users(orgId) + "?limit=" + encode(limit)), 400);
  }

  @Test
  void everyMemberMayViewTheList() {
    User member = api.user("member");
    User accessor = api.user("accessor");
    api.join(owner, orgId, member, null);
    api.join(owner, orgId, accessor, "[\"instance_accessor\"]");
    User pending = api.user("pending");
    api.invite(owner, orgId, null, pending);

    for (User viewer : List.of(owner, member, accessor)) {
      Response response = api.call(viewer, "GET", users(orgId));
      assertThat(response.status()).as(response.json().toString()).isEqualTo(200);
      assertThat(rowsByEmail(response).keySet()).containsExactlyInAnyOrder(owner.email(), member.email(),
          accessor.email(), pending.email());
    }
  }

  @Test
  void strangersAndUnknownOrgsGetTheSame404AndAnonymousCallers401() {
    User stranger = api.user("stranger");
    User pending = api.user("pending");
    api.invite(owner, orgId, null, pending);
    // an invitee who has not accepted yet is not a member
    Response asInvitee = api.call(pending, "GET", users(orgId));
    Response asStranger = api.call(stranger, "GET", users(orgId));
    Response unknownOrg = api.call(owner, "GET", users("org_doesNotExist0000000000"));

    assertProblem(asInvitee, 404);
    assertProblem(asStranger, 404);
    assertProblem(unknownOrg, 404);
    assertThat(asStranger.json().get("type")).isEqualTo(unknownOrg.json().get("type"));
    assertThat(asStranger.json().get("detail")).isEqualTo(unknownOrg.json().get("detail"));
    assertProblem(api.call((User) null, "GET", users(orgId)), 401);
    assertProblem(api.call("Bearer " + owner.token().substring(0, owner.token().length() - 3), "GET", users(orgId),
        null), 401);
  }

  @Test
  void strangersGet404WhateverQueryTheySend() {
    User stranger = api.user("stranger");
    api.invite(owner, orgId, null, api.user("a"), api.user("b"));
    String cursor = nextCursor(api.call(owner, "GET", users(orgId) + "?limit=1"));

    for (String query : List.of("status=bogus", "type=robot", "limit=abc", "limit=0", "limit=101",
        "cursor=forged", "limit=1&cursor=" + encode(cursor))) {
      assertProblem(api.call(stranger, "GET", users(orgId) + "?" + query), 404);
      assertProblem(api.call(owner, "GET", users("org_doesNotExist0000000000") + "?" + query), 404);
    }
  }

  // ---------------------------------------------------------------- helpers

  private static String users(String orgId) {
    return "/orgs/" + orgId + "/users";
  }

  private List<String> emails(User caller, String query) {
    return allRows(caller, query, 100).stream().map(row -> row.get("email").asText()).toList();
  }

  private static Map<String, JsonNode> rowsByEmail(Response response) {
    assertThat(response.status()).as(response.json().toString()).isEqualTo(200);
    List<JsonNode> rows = new ArrayList<>();
    response.json().get("items").forEach(rows::add);
    return rows.stream().collect(Collectors.toMap(row -> row.get("email").asText(), Function.identity()));
  }

  private List<JsonNode> allRows(User caller, String query, int limit) {
    List<JsonNode> rows = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 1000; page++) {
      Response response = api.call(caller, "GET", users(orgId) + "?" + query + "limit=" + limit
          + (cursor == null ? "" : "&cursor=" + encode(cursor)));
      assertThat(response.status()).as(response.json().toString()).isEqualTo(200);
      assertThat(response.json().get("items").size()).isLessThanOrEqualTo(limit);
      response.json().get("items").forEach(rows::add);
      JsonNode next = response.json().get("nextCursor");
      assertThat(next).as("nextCursor is always present").isNotNull();
      if (next.isNull()) {
        return rows;
      }
      cursor = next.asText();
    }
    throw new AssertionError("the list never ended");
  }

  private void assertPagesCover(String query, int limit, Set<String> expectedEmails) {
    List<String> seen = allRows(owner, query, limit).stream().map(row -> row.get("email").asText()).toList();
    assertThat(seen).as("?%slimit=%d: no duplicates", query, limit).doesNotHaveDuplicates();
    assertThat(seen).as("?%slimit=%d: no gaps", query, limit).containsExactlyInAnyOrderElementsOf(expectedEmails);
  }

  private User userWithClaims(String email, String userId, String name) {
    Instant now = Instant.now();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(LocalIdentityProvider.ISSUER)
        .audience(LocalIdentityProvider.AUDIENCE)
        .subject(userId)
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
        .claim("email", email)
        .claim("email_verified", true)
        .claim("name", name)
        .build();
    return new User(email, userId, api.env.identityProvider().sign(claims));
  }

  private static String nextCursor(Response page) {
    assertThat(page.status()).as(page.json().toString()).isEqualTo(200);
    assertThat(page.json().get("nextCursor").isTextual()).as("a next cursor in " + page.json()).isTrue();
    return page.json().get("nextCursor").asText();
  }

  private static void assertProblem(Response response, int status) {
    assertThat(response.status()).as(response.json().toString()).isEqualTo(status);
    assertThat(response.contentType()).isEqualTo("application/problem+json");
    assertThat(response.json().get("status").asInt()).isEqualTo(status);
    assertThat(response.json().get("type").asText()).startsWith("urn:users-and-roles:problem:");
    assertThat(response.json().get("title").asText()).isNotBlank();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String flipChar(String text, int index) {
    char c = text.charAt(index);
    return text.substring(0, index) + (c == 'A' ? 'B' : 'A') + text.substring(index + 1);
  }
}
