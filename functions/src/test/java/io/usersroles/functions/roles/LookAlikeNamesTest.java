package io.usersroles.functions.roles;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.functions.http.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Names people read: a custom role's name may not look like another role's (a built-in one included),
 * whatever the script, case or width of its letters (Unicode TS #39 skeletons); and no name (role,
 * organisation, service account) may be only combining marks, or marks on nothing or on a space.
 */
class LookAlikeNamesTest {
  private final Api api = new Api();
  private final User owner = api.user("owner");
  private final String orgId = api.createOrg(owner, "Look-alike Co");

  private Response createRole(String name) {
    return api.call(owner, "POST", "/orgs/" + orgId + "/roles", Api.json("name", name));
  }

  @Test
  void aRoleNameThatLooksLikeABuiltInRoleIsTaken() {
    for (String name : List.of("\u043ewner", "\u041ewner", "\u03bfwner", "0wner", "0WNER", "\uff4fwner",
        "rnember", "MEMBER", "\u0456nstance_accessor", "instance_acces\u0455or", "Owne\u0433")) {
      Response response = createRole(name);
      assertThat(response.status()).as(name + ": " + response.json()).isEqualTo(409);
      assertThat(response.json().get("type").asText()).isEqualTo("urn:users-and-roles:problem:duplicate-role-name");
    }
  }

  @Test
  void aRoleNameThatLooksLikeAnotherCustomRoleIsTaken() {
    Response builders = createRole("Builders");
    assertThat(builders.status()).as(builders.json().toString()).isEqualTo(201);
    for (String name : List.of("Bui1ders", "BuiIders", "Bui|ders", "\u0392uilders", "\u0412uilders", "Buil\u0501ers",
        "builders", "BUILDERS", "\uff22uilders")) {
      Response response = createRole(name);
      assertThat(response.status()).as(name + ": " + response.json()).isEqualTo(409);
      assertThat(response.json().get("type").asText()).isEqualTo("urn:users-and-roles:problem:duplicate-role-name");
    }
    String buildersId = builders.json().get("id").asText();
    Response other = createRole("Auditors");
    assertThat(other.status()).isEqualTo(201);
    // renaming into a look-alike is refused too; keeping one's own name is not a clash with oneself
    Response renamed = api.call(owner, "PUT", "/orgs/" + orgId + "/roles/" + other.json().get("id").asText(),
        Api.json("name", "Bui1ders"));
    assertThat(renamed.status()).as(renamed.json().toString()).isEqualTo(409);
    Response kept = api.call(owner, "PUT", "/orgs/" + orgId + "/roles/" + buildersId,
        "{\"name\":\"Builders\",\"description\":\"still the builders\"}");
    assertThat(kept.status()).as(kept.json().toString()).isEqualTo(200);
  }

  @Test
  void namesThatDoNotLookAlikeAreDistinct() {
    for (String name : List.of("Builders", "Builders 2", "Bilders", "Auditors", "Editors", "\u0411\u0438\u043b\u0434",
        "Own", "owners")) {
      Response response = createRole(name);
      assertThat(response.status()).as(name + ": " + response.json()).isEqualTo(201);
    }
  }

  @Test
  void aNameOfOnlyCombiningMarksOrMarksOnNothingIs400() {
    for (String name : List.of("\u0301", "\u0301\u0302", " \u0301 ", "\u00a0\u0301", "\u2800\u0301", "\u20dd",
        "\u093e", "\u0301Acme", "Ac me\u00a0\u0301", "a \u0301b")) {
      for (String[] route : new String[][] {{"POST", "/orgs"}, {"POST", "/orgs/" + orgId + "/roles"},
          {"PATCH", "/orgs/" + orgId}}) {
        Response response = api.call(owner, route[0], route[1], Api.json("name", name));
        assertThat(response.status()).as(route[0] + " " + route[1] + " " + name + ": " + response.json())
            .isEqualTo(400);
      }
      ObjectNode body = Json.object().put("name", name);
      body.putArray("roles").add("member");
      Response account = api.call(owner, "POST", "/orgs/" + orgId + "/service-accounts", body.toString());
      assertThat(account.status()).as("service account " + name + ": " + account.json()).isEqualTo(400);
    }
    for (String name : List.of("Caf\u00e9", "Cafe\u0301 Two", "\u0939\u093f\u0928\u094d\u0926\u0940",
        "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35", "Ops \u2764\ufe0f", "Keycap 1\ufe0f\u20e3", "\u00d1and\u00fa")) {
      Response response = createRole(name);
      assertThat(response.status()).as(name + ": " + response.json()).isEqualTo(201);
    }
  }
}
