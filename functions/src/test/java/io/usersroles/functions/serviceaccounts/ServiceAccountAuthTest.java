package io.usersroles.functions.serviceaccounts;

import static io.usersroles.functions.serviceaccounts.ServiceAccountHandlersTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.functions.Api;
import io.usersroles.functions.OpenApiContract;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.functions.http.Json;
import io.usersroles.security.ServiceAccountSecrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Service accounts as callers on DynamoDB Local: a secret authenticates
 * through the one authorizer, the account acts with its roles through the engine in its own org only,
 * anything but a live secret is 401, machines cannot create orgs or accept invitations, and accounts
 * appear in the user list and in checks.
 */
class ServiceAccountAuthTest {
  private final Api api = new Api();
  private final User owner = api.user("owner");
  private final String orgId = api.createOrg(owner, "Machines Co");

  /** A service account as created: its id and its secret. */
  private record Account(String id, String secret) {
    String authorization() {
      return "Bearer " + secret;
    }
  }

  private Account newAccount(String org, User caller, String name, String rolesJson) {
    Response created = api.call(caller, "POST", "/orgs/" + org + "/service-accounts",
        "{\"name\":\"" + name + "\",\"roles\":" + rolesJson + "}");
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    return new Account(created.json().get("id").asText(), created.json().get("secret").asText());
  }

  private Account newAccount(String name, String rolesJson) {
    return newAccount(orgId, owner, name, rolesJson);
  }

  private String createRole(String body) {
    Response created = api.call(owner, "POST", "/orgs/" + orgId + "/roles", body);
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    return created.json().get("id").asText();
  }

  private Response as(Account account, String method, String path, String body) {
    return api.call(account.authorization(), method, path, body);
  }

  private Response check(String authorization, String org, String body) {
    return api.call(authorization, "POST", "/orgs/" + org + "/check", body);
  }

  private JsonNode invoke(String event) throws IOException {
    JsonNode answer = Json.read(api.gateway.invoke("CheckPermissionFunction",
        event.getBytes(StandardCharsets.UTF_8)));
    OpenApiContract.get().assertDirectCheck(event, answer);
    return answer;
  }

  @Test
  void anAccountAuthenticatesWithItsSecretAndActsWithItsRoles() {
    Account bot = newAccount("reader", "[\"member\"]");

    Response org = as(bot, "GET", "/orgs/" + orgId, null);
    assertThat(org.status()).as(org.json().toString()).isEqualTo(200);
    assertThat(org.json().get("orgId").asText()).isEqualTo(orgId);
    assertThat(org.json().get("name").asText()).isEqualTo("Machines Co");

    Response view = check(bot.authorization(), orgId, "{\"action\":\"members:view\"}");
    assertThat(view.status()).as(view.json().toString()).isEqualTo(200);
    assertThat(view.json().get("allowed").asBoolean()).isTrue();
    assertThat(view.json().get("reason").asText()).contains("member");
    Response invite = check(bot.authorization(), orgId, "{\"action\":\"members:invite\"}");
    assertThat(invite.json().get("allowed").asBoolean()).isFalse();
    // "own only" judges the account's own id
    assertThat(check(bot.authorization(), orgId, "{\"action\":\"projects:destructive\",\"resource\":{\"ownerId\":\""
        + bot.id() + "\"}}").json().get("allowed").asBoolean()).isTrue();
    assertThat(check(bot.authorization(), orgId, "{\"action\":\"projects:destructive\",\"resource\":{\"ownerId\":\""
        + owner.userId() + "\"}}").json().get("allowed").asBoolean()).isFalse();
    // naming itself is not "on behalf of another principal"
    Response self = check(bot.authorization(), orgId, "{\"principal\":{\"type\":\"service_account\",\"id\":\""
        + bot.id() + "\"},\"action\":\"members:view\"}");
    assertThat(self.status()).as(self.json().toString()).isEqualTo(200);
    assertThat(self.json().get("allowed").asBoolean()).isTrue();
    assertProblem(check(bot.authorization(), orgId, "{\"principal\":{\"type\":\"user\",\"id\":\"" + owner.userId()
        + "\"},\"action\":\"members:view\"}"), 403, null);

    int items = api.itemCount();
    User invitee = api.user("invitee");
    assertProblem(as(bot, "POST", "/orgs/" + orgId + "/invitations", "{\"emails\":[\"" + invitee.email() + "\"]}"),
        403, null);
    assertThat(api.emailsTo(invitee.email())).isEmpty();
    assertProblem(as(bot, "PATCH", "/orgs/" + orgId, "{\"name\":\"Taken over\"}"), 403, null);
    assertProblem(as(bot, "POST", "/orgs/" + orgId + "/roles", "{\"name\":\"Mine\"}"), 403, null);
    assertProblem(as(bot, "POST", "/orgs/" + orgId + "/service-accounts", "{\"name\":\"child\",\"roles\":[\"member\"]}"),
        403, null);
    assertProblem(as(bot, "POST", "/orgs/" + orgId + "/service-accounts/" + bot.id() + "/secret", null), 403, null);
    assertProblem(as(bot, "DELETE", "/orgs/" + orgId + "/users/" + owner.userId(), null), 403, null);
    assertThat(api.itemCount()).isEqualTo(items);
    assertThat(as(bot, "GET", "/orgs/" + orgId + "/users", null).status()).isEqualTo(200);
    assertThat(as(bot, "GET", "/orgs/" + orgId + "/service-accounts", null).status()).isEqualTo(200);
  }

  @Test
  void anAccountWithACustomRoleGrantingMembersInviteInvites() {
    String inviters = createRole("{\"name\":\"Inviters\",\"permissions\":[\"members:invite\",\"members:view\"]}");
    Account bot = newAccount("inviter", "[\"member\",\"" + inviters + "\"]");
    User invitee = api.user("invitee");

    Response invited = as(bot, "POST", "/orgs/" + orgId + "/invitations", "{\"emails\":[\"" + invitee.email() + "\"]}");
    assertThat(invited.status()).as(invited.json().toString()).isEqualTo(200);
    assertThat(invited.json().get("results").get(0).get("status").asText()).isEqualTo("invited");
    assertThat(api.emailsTo(invitee.email())).hasSize(1);
    JsonNode invitation = api.call(owner, "GET", "/orgs/" + orgId + "/invitations", null).json().get("items").get(0);
    assertThat(invitation.get("invitedBy").asText()).isEqualTo(bot.id());
    assertThat(invitation.get("roles")).extracting(JsonNode::asText).containsExactly("member");

    // no escalation for machines either
    User other = api.user("other");
    assertProblem(as(bot, "POST", "/orgs/" + orgId + "/invitations", "{\"emails\":[\"" + other.email()
        + "\"],\"roles\":[\"owner\"]}"), 403, null);
    assertThat(api.emailsTo(other.email())).isEmpty();

    Response accepted = api.call(invitee, "POST", "/invitations/accept", Api.json("token",
        api.latestToken(invitee.email())));
    assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(200);
    assertThat(accepted.json().get("orgId").asText()).isEqualTo(orgId);
  }

  @Test
  void anAccountIsAMemberOfItsOwnOrgOnly() {
    User otherOwner = api.user("other-owner");
    String otherOrg = api.createOrg(otherOwner, "Other Co");
    Account bot = newAccount("owner bot", "[\"owner\"]");
    Account theirs = newAccount(otherOrg, otherOwner, "their bot", "[\"owner\"]");
    int items = api.itemCount();

    String elsewhere = "/orgs/" + otherOrg;
    assertProblem(as(bot, "GET", elsewhere, null), 404, null);
    assertProblem(as(bot, "PATCH", elsewhere, "{\"name\":\"Mine now\"}"), 404, null);
    assertProblem(as(bot, "GET", elsewhere + "/users", null), 404, null);
    assertProblem(as(bot, "GET", elsewhere + "/service-accounts", null), 404, null);
    assertProblem(as(bot, "POST", elsewhere + "/service-accounts", "{\"name\":\"x\",\"roles\":[\"owner\"]}"), 404, null);
    assertProblem(as(bot, "POST", elsewhere + "/service-accounts", "not json"), 404, null);
    assertProblem(as(bot, "POST", elsewhere + "/service-accounts/" + theirs.id() + "/secret", null), 404, null);
    assertProblem(as(bot, "DELETE", elsewhere + "/service-accounts/" + theirs.id(), null), 404, null);
    assertProblem(as(bot, "POST", elsewhere + "/invitations", "{\"emails\":[\"a@example.test\"]}"), 404, null);
    assertProblem(as(bot, "POST", elsewhere + "/roles", "{\"name\":\"Mine\"}"), 404, null);
    assertProblem(check(bot.authorization(), otherOrg, "{\"action\":\"members:view\"}"), 404, null);
    assertProblem(check(bot.authorization(), otherOrg, "{\"action\":\"nope\"}"), 404, null);
    assertProblem(as(bot, "GET", "/orgs/org_doesnotexist", null), 404, null);
    assertThat(api.itemCount()).isEqualTo(items);
    assertThat(as(theirs, "GET", elsewhere, null).status()).isEqualTo(200);

    // its own org still works, and naming it in another org's check answers "holds no roles"
    assertThat(as(bot, "GET", "/orgs/" + orgId, null).status()).isEqualTo(200);
    Response named = check(otherOwner.authorization(), otherOrg, "{\"principal\":{\"type\":\"service_account\",\"id\":\""
        + bot.id() + "\"},\"action\":\"members:view\"}");
    assertThat(named.status()).isEqualTo(200);
    assertThat(named.json().get("allowed").asBoolean()).isFalse();
    assertThat(named.json().get("reason").asText()).contains("holds no roles");
  }

  @Test
  void anythingButALiveSecretIs401() {
    Account bot = newAccount("target", "[\"owner\"]");
    Account deleted = newAccount("deleted", "[\"owner\"]");
    assertThat(api.call(owner, "DELETE", "/orgs/" + orgId + "/service-accounts/" + deleted.id(), null).status())
        .isEqualTo(204);
    String secret = bot.secret();
    String random = secret.substring(5);
    char middle = secret.charAt(20);
    Map<String, String> refused = new LinkedHashMap<>();
    refused.put("a well-formed secret never issued", "Bearer " + ServiceAccountSecrets.newSecret());
    refused.put("truncated by one", "Bearer " + secret.substring(0, secret.length() - 1));
    refused.put("truncated to half", "Bearer " + secret.substring(0, 26));
    refused.put("one character longer", "Bearer " + secret + "A");
    refused.put("one character changed", "Bearer " + secret.substring(0, 20) + (middle == 'x' ? 'y' : 'x')
        + secret.substring(21));
    refused.put("last character changed", "Bearer " + secret.substring(0, secret.length() - 1)
        + (secret.endsWith("Q") ? 'g' : 'Q'));
    refused.put("prefix only", "Bearer uars_");
    refused.put("prefix and random text", "Bearer uars_" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
    refused.put("prefix and junk", "Bearer uars_not a secret");
    refused.put("random part without prefix", "Bearer " + random);
    refused.put("prefix in capitals", "Bearer UARS_" + random);
    refused.put("the secret's hash", "Bearer uars_" + io.usersroles.security.Crypto.hashOf(secret));
    refused.put("a deleted account's secret", deleted.authorization());
    refused.put("not a bearer scheme", "Basic " + secret);
    refused.put("no scheme", secret);
    for (Map.Entry<String, String> credentials : refused.entrySet()) {
      for (String[] route : new String[][] {{"GET", "/orgs/" + orgId}, {"POST", "/orgs"},
          {"GET", "/orgs/" + orgId + "/service-accounts"}, {"POST", "/orgs/" + orgId + "/check"}}) {
        Response response = api.call(credentials.getValue(), route[0], route[1], "{\"action\":\"members:view\"}");
        assertThat(response.status()).as(credentials.getKey() + " on " + route[0] + " " + route[1]).isEqualTo(401);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(401);
        assertThat(response.headers()).containsEntry("WWW-Authenticate", "Bearer");
        assertThat(response.json().toString()).doesNotContain(random);
      }
    }
    // the scheme is case-insensitive (RFC 6750) and the genuine secret still works
    assertThat(api.call("bearer " + secret, "GET", "/orgs/" + orgId, null).status()).isEqualTo(200);
    assertThat(as(bot, "GET", "/orgs/" + orgId, null).status()).isEqualTo(200);
  }

  @Test
  void aSecretIsLookedUpByItsHashNeverByScanning() {
    Account bot = newAccount("counted", "[\"member\"]");

    api.dynamoDbRequests.reset();
    assertThat(api.call("Bearer " + ServiceAccountSecrets.newSecret(), "GET", "/orgs/" + orgId, null).status())
        .isEqualTo(401);
    assertThat(api.dynamoDbRequests.operations()).containsExactly("GetItem");

    api.dynamoDbRequests.reset();
    assertThat(as(bot, "GET", "/orgs/" + orgId, null).status()).isEqualTo(200);
    assertThat(api.dynamoDbRequests.operations()).containsExactly("GetItem", "BatchGetItem");

    api.dynamoDbRequests.reset();
    assertThat(api.call("Bearer uars_short", "GET", "/orgs/" + orgId, null).status()).isEqualTo(401);
    assertThat(api.dynamoDbRequests.operations()).isEmpty();
  }

  @Test
  void accountsCannotCreateOrganisationsNorAcceptInvitations() {
    Account bot = newAccount("ambitious", "[\"owner\"]");
    int items = api.itemCount();

    assertProblem(as(bot, "POST", "/orgs", "{\"name\":\"Machine Co\"}"), 403, null);
    // forbidden whatever it sends: a machine is never a human, so no body could make it succeed
    assertProblem(as(bot, "POST", "/orgs", "{}"), 403, null);
    assertProblem(as(bot, "POST", "/orgs", "not json"), 403, null);
    assertThat(api.itemCount()).isEqualTo(items);

    User invitee = api.user("invitee");
    api.invite(owner, orgId, null, invitee);
    String token = api.latestToken(invitee.email());
    items = api.itemCount();
    assertProblem(as(bot, "POST", "/invitations/accept", Api.json("token", token)), 403, null);
    assertProblem(as(bot, "POST", "/invitations/accept", Api.json("token", "not-a-token")), 403, null);
    assertProblem(as(bot, "POST", "/invitations/accept", "{}"), 403, null);
    assertProblem(as(bot, "POST", "/invitations/accept", "not json"), 403, null);
    assertThat(api.itemCount()).isEqualTo(items);
    JsonNode invitation = api.call(owner, "GET", "/orgs/" + orgId + "/invitations", null).json().get("items").get(0);
    assertThat(invitation.get("status").asText()).isEqualTo("pending");

    // the link still works for the person it was sent to
    Response accepted = api.call(invitee, "POST", "/invitations/accept", Api.json("token", token));
    assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(200);
  }

  @Test
  void accountsAppearInTheUserListAndLeaveItWhenDeleted() {
    String readers = createRole("{\"name\":\"Readers\",\"permissions\":[\"members:view\"]}");
    Account bot = newAccount("deployer", "[\"" + readers + "\"]");
    Account other = newAccount("auditor", "[\"member\"]");
    User member = api.user("member");
    api.join(owner, orgId, member, null);
    User pending = api.user("pending");
    api.invite(owner, orgId, null, pending);

    Map<String, JsonNode> rows = rows(owner.authorization(), "");
    assertThat(rows.keySet()).containsExactlyInAnyOrder(owner.userId(), member.userId(), bot.id(), other.id(),
        rows.keySet().stream().filter(id -> id.startsWith("inv_")).findFirst().orElse("missing pending row"));
    JsonNode row = rows.get(bot.id());
    assertThat(row.get("type").asText()).isEqualTo("service_account");
    assertThat(row.get("name").asText()).isEqualTo("deployer");
    assertThat(row.get("status").asText()).isEqualTo("active");
    assertThat(row.get("self").asBoolean()).isFalse();
    assertThat(row.get("roles")).extracting(JsonNode::asText).containsExactly(readers);
    assertThat(rows.get(owner.userId()).get("self").asBoolean()).isTrue();
    assertThat(rows.get(owner.userId()).get("type").asText()).isEqualTo("member");

    // seen by the account itself: its own row is "self"
    Map<String, JsonNode> seenByBot = rows(bot.authorization(), "");
    assertThat(seenByBot.get(bot.id()).get("self").asBoolean()).isTrue();
    assertThat(seenByBot.get(other.id()).get("self").asBoolean()).isFalse();
    assertThat(seenByBot.get(owner.userId()).get("self").asBoolean()).isFalse();

    assertThat(rows(owner.authorization(), "type=service_account").keySet())
        .containsExactlyInAnyOrder(bot.id(), other.id());
    assertThat(rows(owner.authorization(), "type=service_account&status=active").keySet())
        .containsExactlyInAnyOrder(bot.id(), other.id());
    assertThat(rows(owner.authorization(), "type=service_account&status=pending")).isEmpty();
    assertThat(rows(owner.authorization(), "type=member").keySet()).doesNotContain(bot.id(), other.id())
        .contains(owner.userId(), member.userId());

    assertThat(api.call(owner, "DELETE", "/orgs/" + orgId + "/service-accounts/" + bot.id(), null).status())
        .isEqualTo(204);
    assertThat(rows(owner.authorization(), "").keySet()).doesNotContain(bot.id()).contains(other.id());
    assertThat(rows(owner.authorization(), "type=service_account").keySet()).containsExactly(other.id());
    assertProblem(as(bot, "GET", "/orgs/" + orgId + "/users", null), 401, null);
  }

  @Test
  void checksNamingAnAccountAnswerByItsRolesUntilItIsDeleted() throws IOException {
    Account bot = newAccount("checked", "[\"member\"]");
    String aboutView = "{\"principal\":{\"type\":\"service_account\",\"id\":\"" + bot.id() + "\"},"
        + "\"action\":\"members:view\"}";
    String aboutInvite = "{\"principal\":{\"type\":\"service_account\",\"id\":\"" + bot.id() + "\"},"
        + "\"action\":\"members:invite\"}";
    // the account's id named as a user is somebody else: no member has that id
    String asUser = "{\"principal\":{\"type\":\"user\",\"id\":\"" + bot.id() + "\"},\"action\":\"members:view\"}";

    Response view = check(owner.authorization(), orgId, aboutView);
    assertThat(view.status()).as(view.json().toString()).isEqualTo(200);
    assertThat(view.json().get("allowed").asBoolean()).isTrue();
    assertThat(view.json().get("reason").asText()).contains("member");
    assertThat(check(owner.authorization(), orgId, aboutInvite).json().get("allowed").asBoolean()).isFalse();
    assertThat(check(owner.authorization(), orgId, asUser).json().get("allowed").asBoolean()).isFalse();
    Response batch = check(owner.authorization(), orgId, "{\"checks\":[" + aboutView + "," + aboutInvite + "," + asUser
        + "]}");
    assertThat(batch.json().get("results")).extracting(r -> r.get("allowed").asBoolean())
        .containsExactly(true, false, false);

    String direct = "{\"orgId\":\"" + orgId + "\"," + aboutView.substring(1);
    JsonNode invoked = invoke(direct);
    assertThat(invoked.get("allowed").asBoolean()).as(invoked.toString()).isTrue();
    JsonNode invokedBatch = invoke("{\"orgId\":\"" + orgId + "\",\"checks\":[" + aboutView + "," + aboutInvite + "]}");
    assertThat(invokedBatch.get("results")).extracting(r -> r.get("allowed").asBoolean()).containsExactly(true, false);
    // the account's roles are those of its own org
    User otherOwner = api.user("other-owner");
    String otherOrg = api.createOrg(otherOwner, "Other Co");
    assertThat(invoke("{\"orgId\":\"" + otherOrg + "\"," + aboutView.substring(1)).get("allowed").asBoolean())
        .isFalse();

    assertThat(api.call(owner, "DELETE", "/orgs/" + orgId + "/service-accounts/" + bot.id(), null).status())
        .isEqualTo(204);

    Response gone = check(owner.authorization(), orgId, aboutView);
    assertThat(gone.status()).isEqualTo(200);
    assertThat(gone.json().get("allowed").asBoolean()).isFalse();
    assertThat(gone.json().get("reason").asText()).contains("holds no roles");
    JsonNode goneDirect = invoke(direct);
    assertThat(goneDirect.get("allowed").asBoolean()).as(goneDirect.toString()).isFalse();
    assertThat(goneDirect.get("reason").asText()).contains("holds no roles");
  }

  /** Every row of GET /orgs/{orgId}/users?{query} as {@code caller}, page by page, by id. */
  private Map<String, JsonNode> rows(String authorization, String query) {
    Map<String, JsonNode> rows = new LinkedHashMap<>();
    List<String> ids = new ArrayList<>();
    String cursor = null;
    do {
      String path = "/orgs/" + orgId + "/users?limit=2" + (query.isEmpty() ? "" : "&" + query)
          + (cursor == null ? "" : "&cursor=" + java.net.URLEncoder.encode(cursor, StandardCharsets.UTF_8));
      Response page = api.call(authorization, "GET", path, null);
      assertThat(page.status()).as(page.json().toString()).isEqualTo(200);
      for (JsonNode row : page.json().get("items")) {
        ids.add(row.get("id").asText());
        rows.put(row.get("id").asText(), row);
      }
      cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asText();
    } while (cursor != null);
    assertThat(ids).doesNotHaveDuplicates();
    return rows;
  }
}
