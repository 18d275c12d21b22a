package io.usersroles.functions.roles;

import static io.usersroles.functions.roles.RoleHandlersTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.functions.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A custom role's {@code users} (POST and PUT /orgs/{orgId}/roles) name service accounts as well as
 * members: the assignment is stored on the account, written in the role's transaction, shows in the
 * role's {@code users}, in the account and its user row, and counts in its checks; ids that are neither
 * are 400; at most 98 assignments change per request, members and accounts together.
 */
class RoleServiceAccountHoldersTest {
  private final Api api = new Api();
  private final User owner = api.user("owner");
  private final User member = api.user("member");
  private final String orgId = api.createOrg(owner, "Roles Co");

  RoleServiceAccountHoldersTest() {
    api.join(owner, orgId, member, null);
  }

  private String roles() {
    return "/orgs/" + orgId + "/roles";
  }

  /** A new service account holding {@code rolesJson}: its id and secret. */
  private JsonNode account(String name, String rolesJson) {
    Response created = api.call(owner, "POST", "/orgs/" + orgId + "/service-accounts",
        "{\"name\":\"" + name + "\",\"roles\":" + rolesJson + "}");
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    return created.json();
  }

  private static String body(String name, List<String> users) {
    ObjectNode body = Json.object().put("name", name);
    body.putArray("permissions").add("clusters:upgrade");
    ArrayNode array = body.putArray("users");
    users.forEach(array::add);
    return body.toString();
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add(item.asText()));
    return texts;
  }

  private List<String> rolesOfAccount(String id) {
    Response account = api.call(owner, "GET", "/orgs/" + orgId + "/service-accounts/" + id);
    assertThat(account.status()).as(account.json().toString()).isEqualTo(200);
    return texts(account.json().get("roles"));
  }

  private boolean mayUpgrade(String secret) {
    Response decided = api.call("Bearer " + secret, "POST", "/orgs/" + orgId + "/check",
        "{\"action\":\"clusters:upgrade\"}", Map.of());
    assertThat(decided.status()).as(decided.json().toString()).isEqualTo(200);
    return decided.json().get("allowed").asBoolean();
  }

  private Map<String, Map<String, AttributeValue>> items() {
    Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
    api.env.adminClient().scanPaginator(r -> r.tableName(api.table).consistentRead(true)).items()
        .forEach(item -> items.put(item.get("pk").s() + "\n" + item.get("sk").s(), item));
    return items;
  }

  @Test
  void usersAssignARoleToMembersAndServiceAccountsAlikeAndTakeItAwayAgain() {
    JsonNode first = account("first", "[\"member\"]");
    JsonNode second = account("second", "[]");
    String firstId = first.get("id").asText();
    String secondId = second.get("id").asText();
    assertThat(mayUpgrade(first.get("secret").asText())).isFalse();

    Response created = api.call(owner, "POST", roles(), body("Upgraders", List.of(firstId, member.userId())));

    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    String id = created.json().get("id").asText();
    // members first, then service accounts
    assertThat(texts(created.json().get("users"))).containsExactly(member.userId(), firstId);
    assertThat(rolesOfAccount(firstId)).containsExactly("member", id);
    assertThat(rolesOfAccount(secondId)).isEmpty();
    assertThat(mayUpgrade(first.get("secret").asText())).isTrue();
    assertThat(texts(api.call(owner, "GET", "/orgs/" + orgId + "/users/" + firstId).json().get("roles")))
        .containsExactly("member", id);
    assertThat(texts(api.call(member, "GET", roles() + "/" + id).json().get("users")))
        .containsExactly(member.userId(), firstId);

    Response replaced = api.call(owner, "PUT", roles() + "/" + id, body("Upgraders", List.of(secondId)));

    assertThat(replaced.status()).as(replaced.json().toString()).isEqualTo(200);
    assertThat(texts(replaced.json().get("users"))).containsExactly(secondId);
    assertThat(rolesOfAccount(firstId)).containsExactly("member");
    assertThat(rolesOfAccount(secondId)).containsExactly(id);
    assertThat(mayUpgrade(first.get("secret").asText())).isFalse();
    assertThat(mayUpgrade(second.get("secret").asText())).isTrue();
    // the secrets are untouched by the assignment
    assertThat(api.call("Bearer " + first.get("secret").asText(), "GET", "/orgs/" + orgId, null, Map.of()).status())
        .isEqualTo(200);
    // and the role list shows the same holders
    JsonNode listed = api.call(owner, "GET", roles() + "?limit=100").json().get("items");
    for (JsonNode role : listed) {
      if (role.get("id").asText().equals(id)) {
        assertThat(texts(role.get("users"))).containsExactly(secondId);
      }
      if (role.get("id").asText().equals("member")) {
        assertThat(texts(role.get("users"))).containsExactly(member.userId(), firstId);
      }
    }
  }

  @Test
  void builtInRolesListTheServiceAccountsHoldingThemAfterTheMembers() {
    String bot = account("bot", "[\"member\",\"instance_accessor\"]").get("id").asText();
    Response memberRole = api.call(owner, "GET", roles() + "/member");
    assertThat(texts(memberRole.json().get("users"))).containsExactly(member.userId(), bot);
    assertThat(texts(api.call(owner, "GET", roles() + "/instance_accessor").json().get("users")))
        .containsExactly(bot);
    assertThat(texts(api.call(owner, "GET", roles() + "/owner").json().get("users"))).containsExactly(owner.userId());
  }

  @Test
  void idsOfNoMemberOrAccountOfTheOrgAre400AndNothingIsWritten() {
    String bot = account("bot", "[]").get("id").asText();
    String doomed = account("doomed", "[]").get("id").asText();
    assertThat(api.call(owner, "DELETE", "/orgs/" + orgId + "/service-accounts/" + doomed).status()).isEqualTo(204);
    User stranger = api.user("stranger");
    String otherOrg = api.createOrg(stranger, "Other");
    Response theirs = api.call(stranger, "POST", "/orgs/" + otherOrg + "/service-accounts",
        "{\"name\":\"theirs\",\"roles\":[]}");
    String foreign = theirs.json().get("id").asText();
    Response role = api.call(owner, "POST", roles(), body("Upgraders", List.of(bot)));
    String id = role.json().get("id").asText();
    String invitationId = api.invite(owner, orgId, null, api.user("pending")).json().at("/results/0/invitationId")
        .asText();
    Map<String, Map<String, AttributeValue>> before = items();

    for (String nobody : List.of(doomed, foreign, invitationId, bot.toUpperCase(), "sa_nobody")) {
      assertProblem(api.call(owner, "POST", roles(), body("New", List.of(member.userId(), nobody))), 400, "users");
      assertProblem(api.call(owner, "PUT", roles() + "/" + id, body("Upgraders", List.of(bot, nobody))), 400,
          "users");
    }
    assertThat(items()).isEqualTo(before);
  }

  @Test
  void atMost98AssignmentsChangePerRequestMembersAndAccountsTogether() {
    // a transaction holds 100 actions: the roles item, the audit event and 98 assignments
    List<String> accounts = new ArrayList<>();
    for (int i = 0; i < 98; i++) {
      accounts.add(account("bot " + i, "[]").get("id").asText());
    }
    List<String> ninetyNine = new ArrayList<>(accounts);
    ninetyNine.add(member.userId());
    Map<String, Map<String, AttributeValue>> before = items();

    assertProblem(api.call(owner, "POST", roles(), body("Everyone", ninetyNine)), 400, "users");
    assertThat(items()).isEqualTo(before);

    List<String> ninetyEight = new ArrayList<>(accounts.subList(0, 97));
    ninetyEight.add(member.userId());
    Response created = api.call(owner, "POST", roles(), body("Almost everyone", ninetyEight));
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    String id = created.json().get("id").asText();
    assertThat(texts(created.json().get("users"))).hasSize(98).containsAll(ninetyEight);

    // handing the role to the one left out takes it from the 98: 99 changes
    before = items();
    assertProblem(api.call(owner, "PUT", roles() + "/" + id, body("Almost everyone", List.of(accounts.get(97)))),
        400, "users");
    assertThat(items()).isEqualTo(before);
    // keeping 97 of them and adding it: 2 changes
    List<String> swapped = new ArrayList<>(ninetyEight.subList(1, 98));
    swapped.add(accounts.get(97));
    Response replaced = api.call(owner, "PUT", roles() + "/" + id, body("Almost everyone", swapped));
    assertThat(replaced.status()).as(replaced.json().toString()).isEqualTo(200);
    assertThat(rolesOfAccount(accounts.get(0))).isEmpty();
    assertThat(rolesOfAccount(accounts.get(97))).containsExactly(id);
  }
}
