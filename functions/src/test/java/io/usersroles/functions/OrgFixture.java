package io.usersroles.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.functions.deployment.DeployedFunctions;
import io.usersroles.functions.deployment.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * An organisation holding one of everything a route can name (a member, a pending invitation, a
 * custom role, a service account), callers at every level of standing (owner, built-in member, a
 * member and a service account holding no role, strangers), and a second organisation next door
 * with its own list cursors: what the contract tests aim their requests at. Built once and shared:
 * the tests only send requests that must change nothing.
 */
public final class OrgFixture {
  private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

  public final Api api = new Api();
  public final User owner = api.user("owner");
  /** Holds the built-in {@code member} role. */
  public final User member = api.user("member");
  /** A member holding no role at all: below every permission. */
  public final User powerless = api.user("powerless");
  /** The owner of the other org, a stranger to this one. */
  public final User stranger = api.user("stranger");
  /** Invited to this org (the invitation stays pending); a stranger to both orgs. */
  public final User invitee = api.user("invitee");
  public final String orgId;
  public final String otherOrgId;
  public final String roleId;
  public final String invitationId;
  /** The accept-link token of {@link #invitationId}. */
  public final String invitationToken;
  public final String serviceAccountId;
  /** The secret of a service account of this org that holds no role. */
  public final String powerlessSecret;
  /** The secret of an owner-level service account of the other org. */
  public final String strangerSecret;
  /** Ids of things in the other org, one per path parameter, e.g. {@code roleId}. */
  public final Map<String, String> foreignIds = new LinkedHashMap<>();
  /** For each list route's path suffix ({@code users}, {@code roles}, ...): a next-page cursor of the other org. */
  public final Map<String, String> foreignCursors = new LinkedHashMap<>();
  /** For each list route's path suffix: a next-page cursor of this org's list. */
  public final Map<String, String> ownCursors = new LinkedHashMap<>();

  public OrgFixture() {
    orgId = api.createOrg(owner, "Fixture Org");
    otherOrgId = api.createOrg(stranger, "Next Door");
    api.join(owner, orgId, member, null);
    api.join(owner, orgId, powerless, null);
    expect(200, api.call(owner, "PUT", "/orgs/" + orgId + "/users/" + powerless.userId() + "/roles",
        "{\"roles\":[]}"));
    roleId = expect(201, api.call(owner, "POST", "/orgs/" + orgId + "/roles",
        "{\"name\":\"Viewers\",\"permissions\":[\"members:view\"]}")).json().get("id").asText();
    expect(201, api.call(owner, "POST", "/orgs/" + orgId + "/roles", "{\"name\":\"Builders\"}"));
    invitationId = api.invite(owner, orgId, null, invitee).json().at("/results/0/invitationId").asText();
    invitationToken = api.latestToken(invitee.email());
    api.invite(owner, orgId, null, api.user("pending"));
    Response account = expect(201, api.call(owner, "POST", "/orgs/" + orgId + "/service-accounts",
        "{\"name\":\"deployer\",\"roles\":[\"member\"]}"));
    serviceAccountId = account.json().get("id").asText();
    powerlessSecret = expect(201, api.call(owner, "POST", "/orgs/" + orgId + "/service-accounts",
        "{\"name\":\"idle\",\"roles\":[]}")).json().get("secret").asText();

    Response strangerAccount = expect(201, api.call(stranger, "POST", "/orgs/" + otherOrgId + "/service-accounts",
        "{\"name\":\"next door\",\"roles\":[\"owner\"]}"));
    strangerSecret = strangerAccount.json().get("secret").asText();
    expect(201, api.call(stranger, "POST", "/orgs/" + otherOrgId + "/service-accounts",
        "{\"name\":\"next door 2\",\"roles\":[]}"));
    Response invited = api.invite(stranger, otherOrgId, null, api.user("next1"), api.user("next2"));
    foreignIds.put("orgId", otherOrgId);
    foreignIds.put("userId", stranger.userId());
    foreignIds.put("invitationId", invited.json().at("/results/0/invitationId").asText());
    foreignIds.put("roleId", expect(201, api.call(stranger, "POST", "/orgs/" + otherOrgId + "/roles",
        "{\"name\":\"Viewers\"}")).json().get("id").asText());
    foreignIds.put("id", strangerAccount.json().get("id").asText());
    for (String list : List.of("users", "invitations", "roles", "service-accounts")) {
      foreignCursors.put(list, cursor(stranger, otherOrgId, list));
      ownCursors.put(list, cursor(owner, orgId, list));
    }
  }

  private String cursor(User caller, String org, String list) {
    Response page = expect(200, api.call(caller, "GET", "/orgs/" + org + "/" + list + "?limit=1"));
    String cursor = page.json().get("nextCursor").asText(null);
    assertThat(cursor).as("a second page of " + list).isNotNull();
    return cursor;
  }

  /** Asserts the status and returns the response. */
  public static Response expect(int status, Response response) {
    assertThat(response.status()).as(response.json().toString()).isEqualTo(status);
    return response;
  }

  /** Every route API Gateway sends to a function, from the deployed functions (so a new route is never left out). */
  public static List<Route> routes() {
    List<Route> routes = new ArrayList<>();
    for (DeployedFunctions.Entry entry : DeployedFunctions.all()) {
      entry.route().ifPresent(routes::add);
    }
    return routes;
  }

  /** The value this fixture gives a path parameter: ids of things that exist in {@link #orgId}. */
  public String parameter(String name) {
    switch (name) {
      case "orgId":
        return orgId;
      case "userId":
        return member.userId();
      case "invitationId":
        return invitationId;
      case "roleId":
        return roleId;
      case "id":
        return serviceAccountId;
      default:
        throw new AssertionError("OrgFixture has no value for path parameter {" + name + "}: add one");
    }
  }

  /** The route's path with {@code values} for the named parameters and fixture ids for the rest. */
  public String path(Route route, Map<String, String> values) {
    Matcher matcher = PARAMETER.matcher(route.pathTemplate());
    StringBuilder path = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      matcher.appendReplacement(path, Matcher.quoteReplacement(values.getOrDefault(name, parameter(name))));
    }
    matcher.appendTail(path);
    return path.toString();
  }

  public String path(Route route) {
    return path(route, Map.of());
  }

  /** Whether the route's path names an organisation (its strangers get 404). */
  public static boolean underOrg(Route route) {
    return route.pathTemplate().startsWith("/orgs/{orgId}");
  }

  /**
   * A well-formed body for the route, one its owner could send successfully; {@code null} for routes
   * that take none. A route the table does not know fails the test, so a new route gets a decision.
   */
  public String validBody(Route route) {
    switch (route.routeKey()) {
      case "POST /orgs":
        return "{\"name\":\"Another Org\"}";
      case "PATCH /orgs/{orgId}":
        return "{\"name\":\"Renamed\"}";
      case "PUT /orgs/{orgId}/users/{userId}/roles":
        return "{\"roles\":[\"member\"]}";
      case "POST /orgs/{orgId}/invitations":
        return "{\"emails\":[\"someone.new@example.test\"]}";
      case "POST /invitations/accept":
        return "{\"token\":\"" + invitationToken + "\"}";
      case "POST /orgs/{orgId}/roles":
      case "PUT /orgs/{orgId}/roles/{roleId}":
        return "{\"name\":\"Auditors\",\"permissions\":[\"members:view\"]}";
      case "POST /orgs/{orgId}/service-accounts":
        return "{\"name\":\"robot\",\"roles\":[\"member\"]}";
      case "POST /orgs/{orgId}/check":
        // on behalf of another principal: needs permissions:check beyond membership
        return "{\"principal\":{\"type\":\"user\",\"id\":\"" + owner.userId() + "\"},\"action\":\"members:invite\"}";
      case "PATCH /orgs/{orgId}/service-accounts/{id}":
        return "{\"name\":\"deployer 2\",\"description\":\"Deploys\",\"roles\":[]}";
      case "PATCH /orgs/{orgId}/invitations/{invitationId}":
        return "{\"roles\":[\"member\"]}";
      case "GET /orgs/{orgId}":
      case "GET /orgs/{orgId}/users":
      case "GET /orgs/{orgId}/invitations":
      case "POST /orgs/{orgId}/invitations/{invitationId}/resend":
      case "DELETE /orgs/{orgId}/invitations/{invitationId}":
      case "DELETE /orgs/{orgId}/users/{userId}":
      case "GET /orgs/{orgId}/roles":
      case "GET /orgs/{orgId}/roles/{roleId}":
      case "DELETE /orgs/{orgId}/roles/{roleId}":
      case "GET /orgs/{orgId}/service-accounts":
      case "POST /orgs/{orgId}/service-accounts/{id}/secret":
      case "DELETE /orgs/{orgId}/service-accounts/{id}":
      case "GET /orgs/{orgId}/users/{userId}":
      case "GET /orgs/{orgId}/invitations/{invitationId}":
      case "GET /orgs/{orgId}/service-accounts/{id}":
      case "GET /orgs/{orgId}/users/{userId}/permissions":
      case "GET /me":
      case "POST /me/invitations/{invitationId}/accept":
      case "POST /me/invitations/{invitationId}/decline":
      case "POST /orgs/{orgId}/leave":
      case "GET /orgs/{orgId}/audit-events":
        return null;
      default:
        throw new AssertionError("OrgFixture does not know the body of " + route.routeKey() + ": add it");
    }
  }

  /** Whether the route takes a JSON body. */
  public boolean takesBody(Route route) {
    return validBody(route) != null;
  }

  /** Every item of the table, keyed by pk and sk, for before/after comparisons (a full scan: tests only). */
  public Map<String, Map<String, AttributeValue>> items() {
    Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
    api.env.adminClient().scanPaginator(ScanRequest.builder().tableName(api.table).consistentRead(true).build())
        .items().forEach(item -> items.put(item.get("pk").s() + "\n" + item.get("sk").s(), item));
    return items;
  }
}
