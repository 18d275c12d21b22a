package io.usersroles.store;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The table's keys, indexes and TTL as code, for DynamoDB Local (tests and the local server).
 * template.yaml declares the same for AWS; a test compares the two.
 */
public final class TableDefinition {
  private TableDefinition() {}

  public static CreateTableRequest createTableRequest(String tableName) {
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            attribute(Keys.PARTITION_KEY),
            attribute(Keys.SORT_KEY),
            attribute(Keys.TOKEN_HASH),
            attribute(Keys.DUE_SHARD),
            AttributeDefinition.builder().attributeName(Keys.DUE_AT).attributeType(ScalarAttributeType.N).build())
        .keySchema(
            KeySchemaElement.builder().attributeName(Keys.PARTITION_KEY).keyType(KeyType.HASH).build(),
            KeySchemaElement.builder().attributeName(Keys.SORT_KEY).keyType(KeyType.RANGE).build())
        .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
            .indexName(Keys.TOKEN_INDEX)
            .keySchema(KeySchemaElement.builder().attributeName(Keys.TOKEN_HASH).keyType(KeyType.HASH).build())
            .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
            .build(),
            // sparse: only open invitations carry dueShard/dueAt; ALL, so the job reads each due item once
            GlobalSecondaryIndex.builder()
            .indexName(Keys.DUE_INDEX)
            .keySchema(KeySchemaElement.builder().attributeName(Keys.DUE_SHARD).keyType(KeyType.HASH).build(),
                KeySchemaElement.builder().attributeName(Keys.DUE_AT).keyType(KeyType.RANGE).build())
            .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
            .build())
        .build();
  }

  /** Creates the table with its TTL setting unless it exists already. */
  public static void createIfAbsent(DynamoDbClient client, String tableName) {
    try {
      client.createTable(createTableRequest(tableName));
    } catch (ResourceInUseException exists) {
      return;
    }
    client.waiter().waitUntilTableExists(r -> r.tableName(tableName));
    client.updateTimeToLive(r -> r.tableName(tableName)
        .timeToLiveSpecification(t -> t.attributeName(Keys.TTL_ATTRIBUTE).enabled(true)));
  }

  private static AttributeDefinition attribute(String name) {
    return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
  }
}
