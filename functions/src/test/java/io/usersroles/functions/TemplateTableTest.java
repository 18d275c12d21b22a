package io.usersroles.functions;

import static io.usersroles.functions.TemplateYaml.TABLE;
import static io.usersroles.functions.TemplateYaml.globalVariables;
import static io.usersroles.functions.TemplateYaml.onlyResourceOfType;
import static io.usersroles.functions.TemplateYaml.ref;
import static io.usersroles.functions.TemplateYaml.resource;
import static io.usersroles.functions.TemplateYaml.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.store.Keys;
import io.usersroles.store.TableDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/** template.yaml's table (keys, indexes, TTL, protection) against {@link TableDefinition}. */
class TemplateTableTest {
  @Test
  void theTableHasTheKeysIndexesAndTtlOfTableDefinition() {
    CreateTableRequest expected = TableDefinition.createTableRequest("any");
    String tableId = onlyResourceOfType(TABLE);
    JsonNode table = resource(tableId);
    JsonNode properties = table.path("Properties");

    assertThat(properties.path("BillingMode").asText()).isEqualTo(expected.billingModeAsString());
    Map<String, String> attributes = new TreeMap<>();
    properties.path("AttributeDefinitions").forEach(a ->
        attributes.put(a.path("AttributeName").asText(), a.path("AttributeType").asText()));
    assertThat(attributes).isEqualTo(expected.attributeDefinitions().stream().collect(Collectors.toMap(
        a -> a.attributeName(), a -> a.attributeTypeAsString(), (a, b) -> a, TreeMap::new)));
    assertThat(keySchema(properties.path("KeySchema"))).isEqualTo(keySchema(expected.keySchema()));

    Map<String, String> indexes = new TreeMap<>();
    properties.path("GlobalSecondaryIndexes").forEach(index -> indexes.put(index.path("IndexName").asText(),
        keySchema(index.path("KeySchema")) + " projecting " + index.path("Projection").path("ProjectionType").asText()
            + " " + new TreeSet<>(texts(index.path("Projection").path("NonKeyAttributes")))));
    Map<String, String> expectedIndexes = new TreeMap<>();
    for (GlobalSecondaryIndex index : expected.globalSecondaryIndexes()) {
      expectedIndexes.put(index.indexName(), keySchema(index.keySchema()) + " projecting "
          + index.projection().projectionTypeAsString() + " " + new TreeSet<>(index.projection().nonKeyAttributes()));
    }
    assertThat(indexes).isEqualTo(expectedIndexes);
    assertThat(properties.has("LocalSecondaryIndexes")).isEqualTo(expected.hasLocalSecondaryIndexes());

    assertThat(properties.path("TimeToLiveSpecification").path("AttributeName").asText())
        .isEqualTo(Keys.TTL_ATTRIBUTE);
    assertThat(properties.path("TimeToLiveSpecification").path("Enabled").asBoolean()).isTrue();
    assertThat(properties.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean())
        .isTrue();
    assertThat(properties.path("DeletionProtectionEnabled").asBoolean()).isTrue();
    assertThat(properties.path("SSESpecification").path("SSEEnabled").asBoolean()).isTrue();
    assertThat(table.path("DeletionPolicy").asText()).isEqualTo("Retain");
    assertThat(table.path("UpdateReplacePolicy").asText()).isEqualTo("Retain");
    assertThat(globalVariables().get("TABLE_NAME")).isEqualTo(ref(tableId));
  }

  private static String keySchema(JsonNode schema) {
    List<String> keys = new ArrayList<>();
    schema.forEach(k -> keys.add(k.path("AttributeName").asText() + ":" + k.path("KeyType").asText()));
    return keys.toString();
  }

  private static String keySchema(List<KeySchemaElement> schema) {
    return schema.stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList().toString();
  }
}
