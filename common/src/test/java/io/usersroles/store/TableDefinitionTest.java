package io.usersroles.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.usersroles.engines.DynamoDbLocal;
import io.usersroles.testing.Engines;
import io.usersroles.testing.TestEnvironment;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * A table from before the later indexes and the stream (the local server's data folder) gets them on
 * start-up, the indexes one at a time. On a DynamoDB Local of its own, as the local server has: on the one
 * the whole suite shares, an index took over five minutes to backfill in a full run.
 */
class TableDefinitionTest {
  @Test
  void anExistingTableWithoutTheLaterIndexesGetsThem() {
    try (DynamoDbLocal engine = DynamoDbLocal.inMemory();
        DynamoDbClient client = Engines.client(DynamoDbClient.builder(), engine.endpoint(), TestEnvironment.REGION,
            TestEnvironment.CREDENTIALS)) {
      upgrade(client);
    }
  }

  private static void upgrade(DynamoDbClient client) {
    String name = "before-reminders-" + Long.toHexString(System.nanoTime());
    CreateTableRequest full = TableDefinition.createTableRequest(name);
    client.createTable(full.toBuilder()
        .attributeDefinitions(full.attributeDefinitions().stream()
            .filter(a -> List.of(Keys.PARTITION_KEY, Keys.SORT_KEY, Keys.TOKEN_HASH).contains(a.attributeName()))
            .toList())
        .globalSecondaryIndexes(full.globalSecondaryIndexes().stream()
            .filter(i -> i.indexName().equals(Keys.TOKEN_INDEX)).toList())
        .streamSpecification((StreamSpecification) null)
        .build());

    TableDefinition.createIfAbsent(client, name);
    TableDefinition.createIfAbsent(client, name); // and nothing more the second time

    List<String> indexes = client.describeTable(r -> r.tableName(name)).table().globalSecondaryIndexes().stream()
        .map(GlobalSecondaryIndexDescription::indexName).sorted().toList();
    assertThat(indexes).containsExactly(Keys.DUE_INDEX, Keys.INVITATION_INDEX, Keys.PERSON_INDEX, Keys.TOKEN_INDEX);
    // and the stream audit events are published from
    StreamSpecification stream = client.describeTable(r -> r.tableName(name)).table().streamSpecification();
    assertThat(stream.streamEnabled()).isTrue();
    assertThat(stream.streamViewType()).isEqualTo(StreamViewType.NEW_IMAGE);
  }
}
