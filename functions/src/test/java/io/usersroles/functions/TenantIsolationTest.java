package io.usersroles.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.access.Action;
import io.usersroles.access.BuiltInRole;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.deployment.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Tenant isolation, for every route of the function catalog: a principal of another org
 * (a person, an owner-level service account, a person merely invited) gets {@code 404} with no data
 * for anything under {@code /orgs/{orgId}}; a member lacking the route's permission (a person and a
 * service account holding no role; the built-in {@code member} where it falls short) gets {@code 403}.
 * Each request is one the owner could send successfully, and none of them writes or sends anything.
 * {@code GET /orgs/{orgId}} asks for membership only, so every member gets 200 there; the routes outside
 * an org ({@code POST /orgs}, accepting an invitation, the {@code /me} routes) are for humans: service
 * accounts get 403, as does a service account of the org leaving it ({@code human member}). Outside an
 * org the caller's own identity is the key: {@code GET /me} shows nobody else's organisations or
 * invitations, and another person's invitation cannot be accepted or declined by its id.
 */
class TenantIsolationTest {
  /**
   * What each route requires, as the API promises: an action, {@code member}, {@code human}, or
   * {@code human member} (a member, and not a service account).
   */
  private static final Map<String, String> REQUIRES = Map.ofEntries(
      Map.entry("POST /orgs", "human"),
      Map.entry("GET /orgs/{orgId}", "member"),
      Map.entry("PATCH /orgs/{orgId}", "account:update-profile"),
      Map.entry("GET /orgs/{orgId}/users", "members:view"),
      Map.entry("PUT /orgs/{orgId}/users/{userId}/roles", "members:update-role"),
      Map.entry("DELETE /orgs/{orgId}/users/{userId}", "members:remove"),
      Map.entry("POST /orgs/{orgId}/invitations", "members:invite"),
      Map.entry("GET /orgs/{orgId}/invitations", "members:view"),
      Map.entry("POST /orgs/{orgId}/invitations/{invitationId}/resend", "members:invite"),
      Map.entry("DELETE /orgs/{orgId}/invitations/{invitationId}", "members:invite"),
      Map.entry("POST /invitations/accept", "human"),
      Map.entry("GET /orgs/{orgId}/roles", "members:view"),
      Map.entry("POST /orgs/{orgId}/roles", "roles:manage"),
      Map.entry("GET /orgs/{orgId}/roles/{roleId}", "members:view"),
      Map.entry("PUT /orgs/{orgId}/roles/{roleId}", "roles:manage"),
      Map.entry("DELETE /orgs/{orgId}/roles/{roleId}", "roles:manage"),
      Map.entry("POST /orgs/{orgId}/service-accounts", "service-accounts:manage"),
      Map.entry("GET /orgs/{orgId}/service-accounts", "members:view"),
      Map.entry("POST /orgs/{orgId}/service-accounts/{id}/secret", "service-accounts:manage"),
      Map.entry("DELETE /orgs/{orgId}/service-accounts/{id}", "service-accounts:manage"),
      // the fixture's body names another principal, which takes permissions:check
      Map.entry("POST /orgs/{orgId}/check", "permissions:check"),
      // the fixture names another member: about oneself, being a member is enough
      Map.entry("GET /orgs/{orgId}/users/{userId}", "members:view"),
      Map.entry("GET /orgs/{orgId}/invitations/{invitationId}", "members:view"),
      Map.entry("GET /orgs/{orgId}/service-accounts/{id}", "members:view"),
      Map.entry("PATCH /orgs/{orgId}/service-accounts/{id}", "service-accounts:manage"),
      Map.entry("GET /orgs/{orgId}/users/{userId}/permissions", "members:view"),
      // a person's own routes: its identity is the key (its user id, its verified email)
      Map.entry("GET /me", "human"),
      Map.entry("POST /me/invitations/{invitationId}/accept", "human"),
      Map.entry("POST /me/invitations/{invitationId}/decline", "human"),
      // any member may leave, but only a person (a service account of the org gets 403)
      Map.entry("POST /orgs/{orgId}/leave", "human member"),
      Map.entry("PATCH /orgs/{orgId}/invitations/{invitationId}", "members:invite"),
      Map.entry("GET /orgs/{orgId}/audit-events", "audit:view"));

  private static final OrgFixture FIXTURE = new OrgFixture();

  private final OrgFixture f = FIXTURE;
  private final Api api = f.api;
  /** The table as the fixture left it; every refused request must leave it so. */
  private final Map<String, Map<String, AttributeValue>> itemsBefore = f.items();

  TenantIsolationTest() {
    api.sesRequests.reset();
  }

  /** Texts of the org that no answer to an outsider or a refused member may contain. */
  private List<String> secrets() {
    return List.of("Fixture Org", "Viewers", "Builders", "deployer", f.member.email(), f.powerless.email(),
        f.invitee.email(), f.owner.email(), f.owner.userId(), f.member.userId(), f.invitationToken);
  }

  /** Callers from outside the org: {@code Authorization} header values. */
  private Map<String, String> outsiders() {
    Map<String, String> outsiders = new LinkedHashMap<>();
    outsiders.put("the owner of another org", f.stranger.authorization());
    outsiders.put("a service account of another org", "Bearer " + f.strangerSecret);
    outsiders.put("a person invited but not yet a member", f.invitee.authorization());
    return outsiders;
  }

  /** Members lacking the route's permission (by the built-in roles of docs/permissions.md). */
  private Map<String, String> membersLacking(String requirement) {
    Map<String, String> members = new LinkedHashMap<>();
    if (requirement.equals("member")) {
      return members;
    }
    if (requirement.equals("human")) {
      members.put("a service account of this org", "Bearer " + f.powerlessSecret);
      members.put("an owner-level service account", "Bearer " + f.strangerSecret);
      return members;
    }
    if (requirement.equals("human member")) {
      // a service account of another org is an outsider there (404, above)
      members.put("a service account of this org", "Bearer " + f.powerlessSecret);
      return members;
    }
    members.put("a member holding no role", f.powerless.authorization());
    members.put("a service account holding no role", "Bearer " + f.powerlessSecret);
    Action action = Action.fromWire(requirement).orElseThrow();
    if (!BuiltInRole.MEMBER.always().contains(action)) {
      members.put("a member with the built-in member role", f.member.authorization());
    }
    return members;
  }

  @Test
  void everyRouteOfTheCatalogHasARequirement() {
    assertThat(OrgFixture.routes()).extracting(Route::routeKey).containsExactlyInAnyOrderElementsOf(REQUIRES.keySet());
  }

  @TestFactory
  Stream<DynamicTest> outsidersGet404WithNoData() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Route route : OrgFixture.routes()) {
      if (!OrgFixture.underOrg(route)) {
        continue;
      }
      outsiders().forEach((who, authorization) -> tests.add(DynamicTest.dynamicTest(route.routeKey() + " by " + who,
          () -> assertRefused(call(route, authorization), 404))));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> membersLackingThePermissionGet403() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Route route : OrgFixture.routes()) {
      String requirement = REQUIRES.get(route.routeKey());
      assertThat(requirement).as("the requirement of " + route.routeKey()).isNotNull();
      membersLacking(requirement).forEach((who, authorization) -> tests.add(DynamicTest.dynamicTest(
          route.routeKey() + " by " + who, () -> assertRefused(call(route, authorization), 403))));
    }
    return tests.stream();
  }

  @Test
  void routesOnlyMembershipGuardsAnswerEveryMember() {
    for (Route route : OrgFixture.routes()) {
      if ("member".equals(REQUIRES.get(route.routeKey()))) {
        for (String authorization : List.of(f.powerless.authorization(), "Bearer " + f.powerlessSecret)) {
          assertThat(call(route, authorization).status()).as(route.routeKey()).isEqualTo(200);
        }
      }
    }
  }

  @Test
  void acceptingAnotherPersonsInvitationIs403AndLeavesItPending() {
    // outside /orgs/{orgId}, the invitation link itself is the key: a holder of the wrong identity is refused
    Route accept = OrgFixture.routes().stream().filter(r -> r.routeKey().equals("POST /invitations/accept"))
        .findFirst().orElseThrow();
    assertRefused(call(accept, f.stranger.authorization()), 403);
    assertRefused(call(accept, f.member.authorization()), 403);
  }

  @Test
  void acceptingOrDecliningAnotherPersonsInvitationByItsIdIsRefusedAndLeavesItPending() {
    // the id is no secret (it is listed and logged): only the invitee's verified email opens it
    String path = "/me/invitations/" + f.invitationId;
    for (Api.User other : List.of(f.stranger, f.member, f.owner)) {
      assertRefused(api.call(other, "POST", path + "/accept"), 403);
      assertRefused(api.call(other, "POST", path + "/decline"), 404);
    }
    String foreign = "/me/invitations/" + f.foreignIds.get("invitationId");
    assertRefused(api.call(f.invitee, "POST", foreign + "/accept"), 403);
    assertRefused(api.call(f.invitee, "POST", foreign + "/decline"), 404);
  }

  @Test
  void theOverviewShowsEachPersonOnlyItsOwnOrganisationsAndInvitations() {
    Response stranger = api.call(f.stranger, "GET", "/me");
    assertThat(stranger.status()).isEqualTo(200);
    assertThat(stranger.json().get("orgs").findValuesAsText("orgId")).containsExactly(f.otherOrgId);
    assertThat(stranger.json().get("invitations")).isEmpty();
    assertThat(stranger.json().toString()).doesNotContain(f.orgId).doesNotContain("Fixture Org");

    Response invitee = api.call(f.invitee, "GET", "/me");
    assertThat(invitee.status()).isEqualTo(200);
    assertThat(invitee.json().get("orgs")).isEmpty();
    assertThat(invitee.json().get("invitations").findValuesAsText("id")).containsExactly(f.invitationId);
    assertThat(invitee.json().toString()).doesNotContain(f.otherOrgId).doesNotContain("Next Door")
        .doesNotContain(f.foreignIds.get("invitationId"));

    Response powerless = api.call(f.powerless, "GET", "/me");
    assertThat(powerless.json().get("orgs").findValuesAsText("orgId")).containsExactly(f.orgId);
    assertThat(powerless.json().get("orgs").get(0).get("roles")).isEmpty();
    assertThat(powerless.json().get("invitations")).isEmpty();
    assertThat(f.items()).isEqualTo(itemsBefore);
  }

  private Response call(Route route, String authorization) {
    return api.call(authorization, route.method(), f.path(route), f.validBody(route));
  }

  /** The answer is the status as problem+json, holds nothing of the org, and nothing was written or sent. */
  private void assertRefused(Response response, int status) {
    assertThat(response.status()).as(response.json().toString()).isEqualTo(status);
    assertThat(response.contentType()).isEqualTo("application/problem+json");
    assertThat(response.json().get("status").asInt()).isEqualTo(status);
    ObjectNode body = response.json().deepCopy();
    body.remove("instance"); // the caller's own path
    String text = body.toString();
    for (String secret : secrets()) {
      assertThat(text).as("an answer to a refused caller").doesNotContain(secret);
    }
    assertThat(f.items()).as("table items after a refused request").isEqualTo(itemsBefore);
    assertThat(api.sesRequests.count()).as("emails sent").isZero();
  }
}
