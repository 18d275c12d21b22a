package io.usersroles.functions.roles;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How an org's custom roles are stored: one item, its roles one JSON array deflated into a binary
 * attribute (every check reads the item, and its read costs capacity by size), and items written
 * before that, whose roles are JSON text, still read and are deflated by their next write. On
 * DynamoDB Local.
 */
class RoleCatalogStorageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LEGACY_ID = "rol_legacyRoleFromBefore12";

  private final Api api = new Api();
  private final User owner = api.user("owner");
  private final User member = api.user("member");
  private final String orgId = api.createOrg(owner, "Catalog Co");

  RoleCatalogStorageTest() {
    api.join(owner, orgId, member, null);
  }

  private Map<String, AttributeValue> catalogItem() {
    return api.env.adminClient().getItem(get -> get.tableName(api.table).consistentRead(true)
        .key(Map.of("pk", AttributeValue.fromS("ORG#" + orgId), "sk", AttributeValue.fromS("ROLES")))).item();
  }

  private String createRole(String body) {
    Response created = api.call(owner, "POST", "/orgs/" + orgId + "/roles", body);
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    return created.json().get("id").asText();
  }

  private static byte[] inflate(byte[] stored) throws DataFormatException {
    Inflater inflater = new Inflater(true);
    inflater.setInput(stored);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    while (!inflater.finished()) {
      int n = inflater.inflate(buffer);
      assertThat(n > 0 || !inflater.needsInput()).as("the stored roles end early").isTrue();
      out.write(buffer, 0, n);
    }
    inflater.end();
    return out.toByteArray();
  }

  @Test
  void rolesAreStoredAsOneDeflatedJsonArrayFarSmallerThanTheJson() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add(createRole("{\"name\":\"Team " + i + "\",\"description\":\"Works on project " + i + "\","
          + "\"projects\":[\"project-" + i + "\"],\"permissions\":[\"releases:deploy\",\"branches:create\"],"
          + "\"filePermissions\":[{\"project\":\"project-" + i + "\",\"path\":\"src/team-" + i + "/**\","
          + "\"permissions\":[\"documents:edit-content\"]}]}"));
    }

    Map<String, AttributeValue> item = catalogItem();
    assertThat(item).doesNotContainKey("roles");
    byte[] stored = item.get("rolesDeflated").b().asByteArray();
    byte[] json = inflate(stored);
    JsonNode roles = JSON.readTree(new String(json, UTF_8));
    assertThat(roles).extracting(role -> role.get("id").asText()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(roles).anySatisfy(role -> {
      assertThat(role.get("name").asText()).isEqualTo("Team 7");
      assertThat(role.get("filePermissions").get(0).get("path").asText()).isEqualTo("src/team-7/**");
    });
    assertThat(stored.length).as("deflated %d bytes of %d", stored.length, json.length).isLessThan(json.length / 3);
  }

  @Test
  void aCatalogWrittenAsJsonTextStillReadsAndIsDeflatedByItsNextWrite() {
    String legacy = "[{\"id\":\"" + LEGACY_ID + "\",\"name\":\"Deployers\",\"description\":\"from before\","
        + "\"idpGroups\":[],\"allProjects\":true,\"projects\":[],\"permissions\":[\"releases:deploy\"],"
        + "\"filePermissions\":[]}]";
    api.env.adminClient().putItem(put -> put.tableName(api.table).item(Map.of(
        "pk", AttributeValue.fromS("ORG#" + orgId), "sk", AttributeValue.fromS("ROLES"),
        "entity", AttributeValue.fromS("role-catalog"), "version", AttributeValue.fromN("3"),
        "roles", AttributeValue.fromS(legacy))));

    Response read = api.call(member, "GET", "/orgs/" + orgId + "/roles/" + LEGACY_ID);
    assertThat(read.status()).as(read.json().toString()).isEqualTo(200);
    assertThat(read.json().get("name").asText()).isEqualTo("Deployers");
    assertThat(api.call(owner, "PUT", "/orgs/" + orgId + "/users/" + member.userId() + "/roles",
        "{\"roles\":[\"member\",\"" + LEGACY_ID + "\"]}").status()).isEqualTo(200);
    Response deploy = api.call(member, "POST", "/orgs/" + orgId + "/check",
        "{\"action\":\"releases:deploy\",\"resource\":{\"project\":\"apollo\"}}");
    assertThat(deploy.status()).as(deploy.json().toString()).isEqualTo(200);
    assertThat(deploy.json().get("allowed").asBoolean()).isTrue();

    String added = createRole("{\"name\":\"Readers\"}");

    Map<String, AttributeValue> item = catalogItem();
    assertThat(item).doesNotContainKey("roles").containsKey("rolesDeflated");
    assertThat(item.get("version").n()).isEqualTo("4");
    Response listed = api.call(member, "GET", "/orgs/" + orgId + "/roles");
    assertThat(listed.json().get("items")).extracting(role -> role.get("id").asText())
        .contains(LEGACY_ID, added);
    Response stillAllowed = api.call(member, "POST", "/orgs/" + orgId + "/check",
        "{\"action\":\"releases:deploy\",\"resource\":{\"project\":\"apollo\"}}");
    assertThat(stillAllowed.json().get("allowed").asBoolean()).isTrue();
  }
}
