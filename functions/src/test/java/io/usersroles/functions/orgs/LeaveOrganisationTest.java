package io.usersroles.functions.orgs;

import static org.assertj.core.api.Assertions.assertThat;

import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.store.Keys;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code POST /orgs/{orgId}/leave}: a member leaves as if removed (membership, address claim and
 * assignments go at once) without needing any permission; the last owner stays; strangers get 404 and
 * service accounts 403.
 */
class LeaveOrganisationTest {
  private final Api api = new Api();
  private final User owner = api.user("owner");
  private final String orgId = api.createOrg(owner, "Acme Rockets");

  private Response leave(User user) {
    return api.call(user, "POST", "/orgs/" + orgId + "/leave");
  }

  @Test
  void aMemberWithNoPermissionLeavesAndEverythingOfItsMembershipGoes() {
    User ada = api.user("ada");
    String roleId = api.call(owner, "POST", "/orgs/" + orgId + "/roles", "{\"name\":\"Auditors\"}").json()
        .get("id").asText();
    api.join(owner, orgId, ada, "[\"" + roleId + "\"]");
    assertThat(item("MEMBER#" + ada.userId())).isNotEmpty();
    assertThat(item("EMAIL#" + ada.email())).isNotEmpty();

    Response left = leave(ada);

    assertThat(left.status()).isEqualTo(204);
    assertThat(left.json().isMissingNode()).isTrue();
    assertThat(item("MEMBER#" + ada.userId())).isEmpty();
    assertThat(item("EMAIL#" + ada.email())).as("the address claim goes too").isEmpty();
    assertThat(api.call(ada, "GET", "/orgs/" + orgId).status()).isEqualTo(404);
    assertThat(api.call(owner, "GET", "/orgs/" + orgId + "/users").json().get("items").findValuesAsText("id"))
        .containsExactly(owner.userId());
    assertThat(api.call(owner, "GET", "/orgs/" + orgId + "/roles/" + roleId).json().get("users")).isEmpty();
    assertThat(leave(ada).status()).as("a second time: no longer a member").isEqualTo(404);

    // the address may be invited again
    api.invite(owner, orgId, null, ada);
  }

  @Test
  void theLastOwnerCannotLeaveButOneOfTwoOwnersCan() {
    Response refused = leave(owner);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().get("type").asText()).isEqualTo("urn:users-and-roles:problem:last-owner");
    assertThat(api.call(owner, "GET", "/orgs/" + orgId).status()).isEqualTo(200);

    User second = api.user("second");
    api.join(owner, orgId, second, "[\"owner\"]");
    assertThat(ownerCount()).isEqualTo(2);
    assertThat(leave(owner).status()).isEqualTo(204);
    assertThat(ownerCount()).isEqualTo(1);
    assertThat(api.call(second, "POST", "/orgs/" + orgId + "/leave").status()).isEqualTo(409);
  }

  @Test
  void strangersGet404AndServiceAccounts403() {
    User stranger = api.user("stranger");
    Response strangers = leave(stranger);
    assertThat(strangers.status()).isEqualTo(404);
    assertThat(strangers.json().get("detail").asText()).doesNotContain("Acme");

    String secret = api.call(owner, "POST", "/orgs/" + orgId + "/service-accounts",
        "{\"name\":\"robot\",\"roles\":[\"owner\"]}").json().get("secret").asText();
    Response robot = api.call("Bearer " + secret, "POST", "/orgs/" + orgId + "/leave", null);
    assertThat(robot.status()).isEqualTo(403);
    assertThat(robot.json().get("type").asText()).isEqualTo("urn:users-and-roles:problem:human-only");
    User other = api.user("other");
    String otherOrg = api.createOrg(other, "Other");
    Response foreignRobot = api.call("Bearer " + secret, "POST", "/orgs/" + otherOrg + "/leave", null);
    assertThat(foreignRobot.status()).as("another org's service account is a stranger").isEqualTo(404);
    assertThat(List.of(api.call(owner, "GET", "/orgs/" + orgId + "/service-accounts").json().get("items").size()))
        .containsExactly(1);
  }

  private Map<String, AttributeValue> item(String sk) {
    return api.env.adminClient().getItem(r -> r.tableName(api.table).consistentRead(true)
        .key(Map.of(Keys.PARTITION_KEY, AttributeValue.fromS("ORG#" + orgId),
            Keys.SORT_KEY, AttributeValue.fromS(sk)))).item();
  }

  private long ownerCount() {
    return Long.parseLong(item("PROFILE").get("ownerCount").n());
  }
}
