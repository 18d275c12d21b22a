package io.usersroles.store;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * The table's keys, indexes and TTL as code, for DynamoDB Local (tests and the local server).
 * template.yaml declares the same for AWS; a test compares the two.
 */
public final class TableDefinition {
  /**
   * What {@code ByPerson} holds besides the keys: what {@link PersonStore} reads (memberships and
   * invitations name their roles alike). Not the link's nonce or hash, nor what reminders change.
   */
  static final List<String> PERSON_INDEX_ATTRIBUTES = List.of(Keys.ENTITY, MembershipItem.ROLES.name(),
      InvitationItem.INVITATION_ID.name(), InvitationItem.EMAIL.name(), InvitationItem.INVITED_BY.name(),
      InvitationItem.EXPIRES_AT.name());

  private TableDefinition() {}

  public static CreateTableRequest createTableRequest(String tableName) {
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        // audit events reach the publisher through the stream (the local server reads it as Lambda would)
        .streamSpecification(StreamSpecification.builder().streamEnabled(true)
            .streamViewType(StreamViewType.NEW_IMAGE).build())
        .attributeDefinitions(
            attribute(Keys.PARTITION_KEY),
            attribute(Keys.SORT_KEY),
            attribute(Keys.TOKEN_HASH),
            attribute(Keys.INVITATION_ID),
            attribute(Keys.DUE_SHARD),
            attribute(Keys.PERSON_KEY),
            attribute(Keys.ORG_ID),
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
            .build(),
            // keys only: it says where an invitation is, and a strongly consistent read of that key decides
            GlobalSecondaryIndex.builder()
            .indexName(Keys.INVITATION_INDEX)
            .keySchema(KeySchemaElement.builder().attributeName(Keys.INVITATION_ID).keyType(KeyType.HASH).build())
            .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
            .build(),
            // sparse: memberships (USER#) and open invitations (ADDRESS#) only; it projects what "my
            // organisations and invitations" shows, so reminders (which change none of it) never write it
            GlobalSecondaryIndex.builder()
            .indexName(Keys.PERSON_INDEX)
            .keySchema(KeySchemaElement.builder().attributeName(Keys.PERSON_KEY).keyType(KeyType.HASH).build(),
                KeySchemaElement.builder().attributeName(Keys.ORG_ID).keyType(KeyType.RANGE).build())
            .projection(Projection.builder().projectionType(ProjectionType.INCLUDE)
                .nonKeyAttributes(PERSON_INDEX_ATTRIBUTES).build())
            .build())
        .build();
  }

  /**
   * Creates the table with its TTL setting unless it exists already; a table that exists (the local
   * server's data folder) gets the indexes it lacks.
   */
  public static void createIfAbsent(DynamoDbClient client, String tableName) {
    try {
      client.createTable(createTableRequest(tableName));
    } catch (ResourceInUseException exists) {
      addMissingIndexes(client, tableName);
      enableStream(client, tableName);
      return;
    }
    client.waiter().waitUntilTableExists(r -> r.tableName(tableName));
    client.updateTimeToLive(r -> r.tableName(tableName)
        .timeToLiveSpecification(t -> t.attributeName(Keys.TTL_ATTRIBUTE).enabled(true)));
  }

  /** Turns on the stream of a table created by an earlier release (the local server's data folder). */
  private static void enableStream(DynamoDbClient client, String tableName) {
    StreamSpecification stream = client.describeTable(r -> r.tableName(tableName)).table().streamSpecification();
    if (stream == null || !Boolean.TRUE.equals(stream.streamEnabled())) {
      client.updateTable(r -> r.tableName(tableName)
          .streamSpecification(createTableRequest(tableName).streamSpecification()));
    }
  }

  private static void addMissingIndexes(DynamoDbClient client, String tableName) {
    CreateTableRequest wanted = createTableRequest(tableName);
    Set<String> present = new HashSet<>();
    client.describeTable(r -> r.tableName(tableName)).table().globalSecondaryIndexes()
        .forEach(index -> present.add(index.indexName()));
    for (GlobalSecondaryIndex index : wanted.globalSecondaryIndexes()) {
      if (present.contains(index.indexName())) {
        continue;
      }
      // one index per UpdateTable, as DynamoDB allows; items written before it exists are not in it
      client.updateTable(r -> r.tableName(tableName)
          .attributeDefinitions(wanted.attributeDefinitions())
          .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName(index.indexName())
              .keySchema(index.keySchema()).projection(index.projection()))));
      waitUntilActive(client, tableName, index.indexName());
    }
  }

  private static void waitUntilActive(DynamoDbClient client, String tableName, String indexName) {
    // DynamoDB Local backfills in seconds, slower on a busy machine; a minute is far more than it needs
    for (int attempt = 0; attempt < 600; attempt++) {
      boolean active = client.describeTable(r -> r.tableName(tableName)).table().globalSecondaryIndexes().stream()
          .anyMatch(i -> i.indexName().equals(indexName) && i.indexStatus() == IndexStatus.ACTIVE);
      if (active) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for index " + indexName, e);
      }
    }
    throw new IllegalStateException("index " + indexName + " of " + tableName + " did not become active");
  }

  private static AttributeDefinition attribute(String name) {
    return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
  }
}
