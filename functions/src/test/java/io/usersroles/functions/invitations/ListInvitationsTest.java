package io.usersroles.functions.invitations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.testing.TestEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GET /orgs/{orgId}/invitations: the status filter, pages and cursors, limits, who may list. */
class ListInvitationsTest extends InvitationRoutesFixture {
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

    // a readable position such as earlier releases issued, with a made-up MAC, and genuine cursors altered
    String forgedPayload = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("0|INVITE#OPEN#zz".getBytes(StandardCharsets.UTF_8)) + ".AAAAAAAAAAAAAAAAAAAAAA";
    int middle = cursor.length() / 2;
    List<String> bad = List.of(
        flipChar(cursor, 0),
        flipChar(cursor, middle),
        forgedPayload,
        cursor + "A",
        cursor.substring(0, middle),
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

  private static String nextCursor(Response page) {
    assertThat(page.status()).as(page.json().toString()).isEqualTo(200);
    JsonNode cursor = page.json().get("nextCursor");
    assertThat(cursor.isTextual()).as("a next cursor in " + page.json()).isTrue();
    return cursor.asText();
  }

  private void assertPagesCover(User caller, String path, String query, int limit, Set<String> expectedIds) {
    List<String> ids = allItems(caller, path, query, limit).stream().map(item -> item.get("id").asText()).toList();
    assertThat(ids).as("%s?%slimit=%d: no duplicates", path, query, limit).doesNotHaveDuplicates();
    assertThat(ids).as("%s?%slimit=%d: no gaps", path, query, limit).containsExactlyInAnyOrderElementsOf(expectedIds);
  }
}
