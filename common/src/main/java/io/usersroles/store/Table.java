package io.usersroles.store;

import io.usersroles.config.Settings;
import io.usersroles.domain.DomainException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The one physical table, seen through one {@link DynamoDbTable} per entity. Schemas are static
 * (built once as code, no bean introspection at start-up).
 */
@Singleton
public final class Table {
  final String name;
  final DynamoDbClient client;
  final DynamoDbEnhancedClient enhanced;
  final DynamoDbTable<OrganisationItem> organisations;
  final DynamoDbTable<MembershipItem> memberships;
  final DynamoDbTable<MemberEmailItem> memberEmails;
  final DynamoDbTable<InvitationItem> invitations;
  final DynamoDbTable<RoleCatalogItem> roleCatalogs;
  final DynamoDbTable<ServiceAccountItem> serviceAccounts;
  final DynamoDbTable<SecretItem> secrets;
  final DynamoDbTable<IdempotencyItem> idempotencyKeys;

  @Inject
  public Table(DynamoDbClient client, Settings settings) {
    this(client, settings.tableName());
  }

  public Table(DynamoDbClient client, String name) {
    this.name = name;
    this.client = client;
    // the default extensions: VersionedRecordExtension (optimistic locking) and AtomicCounterExtension
    this.enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
    this.organisations = enhanced.table(name, OrganisationItem.SCHEMA);
    this.memberships = enhanced.table(name, MembershipItem.SCHEMA);
    this.memberEmails = enhanced.table(name, MemberEmailItem.SCHEMA);
    this.invitations = enhanced.table(name, InvitationItem.SCHEMA);
    this.roleCatalogs = enhanced.table(name, RoleCatalogItem.SCHEMA);
    this.serviceAccounts = enhanced.table(name, ServiceAccountItem.SCHEMA);
    this.secrets = enhanced.table(name, SecretItem.SCHEMA);
    this.idempotencyKeys = enhanced.table(name, IdempotencyItem.SCHEMA);
  }

  public String name() {
    return name;
  }

  /** BatchGetItem accepts at most this many keys per request. */
  static final int BATCH_GET_LIMIT = 100;
  /** BatchGetItem requests per chunk before still-unprocessed keys count as throttling (about 1.5 s of waits). */
  static final int UNPROCESSED_ROUNDS = 5;

  /**
   * Reads the items at {@code keys} with strongly consistent reads, in as few BatchGetItem requests
   * as DynamoDB allows (100 keys each), each item mapped by its entity type. Missing items are
   * simply absent from the result.
   */
  List<StoredItem> getAll(List<Key> keys) {
    List<StoredItem> found = new ArrayList<>(keys.size());
    for (int from = 0; from < keys.size(); from += BATCH_GET_LIMIT) {
      List<Map<String, AttributeValue>> chunk = new ArrayList<>();
      for (Key key : keys.subList(from, Math.min(keys.size(), from + BATCH_GET_LIMIT))) {
        chunk.add(Map.of(Keys.PARTITION_KEY, key.partitionKeyValue(),
            Keys.SORT_KEY, key.sortKeyValue().orElseThrow()));
      }
      Map<String, KeysAndAttributes> request =
          Map.of(name, KeysAndAttributes.builder().keys(chunk).consistentRead(true).build());
      int rounds = 0;
      while (!request.isEmpty()) {
        if (rounds++ > 0) {
          if (rounds > UNPROCESSED_ROUNDS) {
            // throttled reads come back as unprocessed keys, not as an error the SDK would retry
            throw DomainException.unavailable("service-unavailable",
                "The table is busy (reads were throttled); nothing was changed, retry after the time in Retry-After");
          }
          backOff(rounds);
        }
        Map<String, KeysAndAttributes> pending = request;
        BatchGetItemResponse response = client.batchGetItem(r -> r.requestItems(pending));
        for (Map<String, AttributeValue> item : response.responses().getOrDefault(name, List.of())) {
          found.add(toItem(item));
        }
        request = response.hasUnprocessedKeys() ? new HashMap<>(response.unprocessedKeys()) : Map.of();
      }
    }
    return found;
  }

  private static void backOff(int round) {
    try {
      Thread.sleep(Math.min(1_000L, 25L << Math.min(round, 6)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while re-reading unprocessed keys", e);
    }
  }

  /** Maps a raw item with the schema of the entity it names. */
  static StoredItem toItem(Map<String, AttributeValue> item) {
    AttributeValue entity = item.get(Keys.ENTITY);
    TableSchema<? extends StoredItem> schema = entity == null ? null : schemaOf(entity.s());
    if (schema == null) {
      throw new IllegalStateException("item without a known entity type: " + item.get(Keys.SORT_KEY));
    }
    return schema.mapToItem(item);
  }

  private static TableSchema<? extends StoredItem> schemaOf(String entity) {
    switch (entity) {
      case OrganisationItem.ENTITY:
        return OrganisationItem.SCHEMA;
      case MembershipItem.ENTITY:
        return MembershipItem.SCHEMA;
      case MemberEmailItem.ENTITY:
        return MemberEmailItem.SCHEMA;
      case InvitationItem.ENTITY:
        return InvitationItem.SCHEMA;
      case RoleCatalogItem.ENTITY:
        return RoleCatalogItem.SCHEMA;
      case ServiceAccountItem.ENTITY:
        return ServiceAccountItem.SCHEMA;
      case SecretItem.ENTITY:
        return SecretItem.SCHEMA;
      case IdempotencyItem.ENTITY:
        return IdempotencyItem.SCHEMA;
      default:
        return null;
    }
  }

  /**
   * Runs a transaction. When DynamoDB cancels it because a condition failed or another transaction
   * touched the same items, throws {@link ConcurrentChangeException}: the caller re-reads and decides
   * again, so every write decision is taken on current state.
   */
  void transact(TransactWriteItemsEnhancedRequest request) {
    try {
      enhanced.transactWriteItems(request);
    } catch (TransactionCanceledException e) {
      List<String> reasons = e.hasCancellationReasons()
          ? e.cancellationReasons().stream().map(CancellationReason::code).collect(Collectors.toList())
          : List.of();
      boolean explained = reasons.stream().allMatch(code -> code == null || "None".equals(code)
          || "ConditionalCheckFailed".equals(code) || "TransactionConflict".equals(code));
      if (!explained || reasons.isEmpty()) {
        throw e;
      }
      throw new ConcurrentChangeException(reasons, e);
    }
  }
}
