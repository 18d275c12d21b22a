package io.usersroles.functions.me;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.engines.LocalIdentityProvider;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.store.Keys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The {@code /me} route tests' base: per test a new table, an org and its owner, and request helpers. */
abstract class MeRoutesFixture {
  final Api api = new Api();
  final User owner = api.user("owner");
  final String orgId = api.createOrg(owner, "Acme Rockets");

  Response me(User user) {
    return api.call(user, "GET", "/me");
  }

  /** {@code GET /me}, asserting 200. */
  JsonNode overview(User user) {
    Response response = me(user);
    assertThat(response.status()).as(response.json().toString()).isEqualTo(200);
    return response.json();
  }

  Response accept(User user, String invitationId) {
    return api.call(user, "POST", "/me/invitations/" + invitationId + "/accept");
  }

  Response decline(User user, String invitationId) {
    return api.call(user, "POST", "/me/invitations/" + invitationId + "/decline");
  }

  /** Invites {@code invitee} into {@code org} as {@code inviter} and returns the invitation's id. */
  String invite(User inviter, String org, String rolesJson, User invitee) {
    return api.invite(inviter, org, rolesJson, invitee).json().at("/results/0/invitationId").asText();
  }

  /** The same person (same email, same user id) with a token whose email is, or is not, verified. */
  User withEmailVerified(User user, boolean verified) {
    LocalIdentityProvider.Token token = api.env.identityProvider().mint(user.email(), List.of(), verified);
    assertThat(token.userId()).isEqualTo(user.userId());
    return new User(user.email(), token.userId(), token.token());
  }

  /** The ids of a list field of an overview ({@code orgs} by {@code orgId}, {@code invitations} by {@code id}). */
  static List<String> ids(JsonNode overview, String list) {
    List<String> ids = new ArrayList<>();
    overview.get(list).forEach(item -> ids.add(item.get(list.equals("orgs") ? "orgId" : "id").asText()));
    return ids;
  }

  /** The status of invitation {@code invitationId} in the org's list, as its owner sees it. */
  String listedStatus(String org, String invitationId) {
    Response list = api.call(owner, "GET", "/orgs/" + org + "/invitations?limit=100");
    assertThat(list.status()).isEqualTo(200);
    for (JsonNode item : list.json().get("items")) {
      if (item.get("id").asText().equals(invitationId)) {
        return item.get("status").asText();
      }
    }
    throw new AssertionError(invitationId + " is not listed");
  }

  /** The org's count of open invitations ({@code USAGE}), read raw. */
  long pendingCount(String org) {
    Map<String, AttributeValue> usage = api.env.adminClient().getItem(r -> r.tableName(api.table).consistentRead(true)
        .key(Map.of(Keys.PARTITION_KEY, AttributeValue.fromS("ORG#" + org),
            Keys.SORT_KEY, AttributeValue.fromS("USAGE")))).item();
    return usage.containsKey("pendingInvitations") ? Long.parseLong(usage.get("pendingInvitations").n()) : 0;
  }

  static void assertProblem(Response response, int status, String code) {
    assertThat(response.status()).as(response.json().toString()).isEqualTo(status);
    assertThat(response.contentType()).isEqualTo("application/problem+json");
    assertThat(response.json().get("type").asText()).isEqualTo("urn:users-and-roles:problem:" + code);
  }
}
