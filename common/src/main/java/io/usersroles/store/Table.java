package io.usersroles.store;

import io.usersroles.config.Settings;
import io.usersroles.domain.DomainException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Collectors;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.extensions.AtomicCounterExtension;
import software.amazon.awssdk.enhanced.dynamodb.extensions.VersionedRecordExtension;
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
  // Built on first use: a check reads through getAll and two hand decoders only, and should not pay
  // for the enhanced client and its table schemas at a cold start (docs/benchmarks.md). No lambdas
  // here either: each would be spun into a class when the Table is built.
  private volatile DynamoDbEnhancedClient enhanced;
  private final AtomicReferenceArray<DynamoDbTable<?>> tables = new AtomicReferenceArray<>(Entity.values().length);

  /** The entities, each with its slot in {@link #tables}. */
  private enum Entity { ORGANISATION, MEMBERSHIP, MEMBER_EMAIL, INVITATION, ROLE_CATALOG, SERVICE_ACCOUNT, SECRET,
    IDEMPOTENCY, USAGE }

  @Inject
  public Table(DynamoDbClient client, Settings settings) {
    this(client, settings.tableName());
  }

  public Table(DynamoDbClient client, String name) {
    this.name = name;
    this.client = client;
  }

  DynamoDbEnhancedClient enhanced() {
    DynamoDbEnhancedClient built = enhanced;
    if (built == null) {
      synchronized (this) {
        built = enhanced;
        if (built == null) {
          // the default extensions (VersionedRecordExtension for optimistic locking, AtomicCounterExtension)
          // plus ours, which turns usage-counter updates into ADD
          built = DynamoDbEnhancedClient.builder().dynamoDbClient(client)
              .extensions(VersionedRecordExtension.builder().build(), AtomicCounterExtension.builder().build(),
                  new CounterExtension())
              .build();
          enhanced = built;
        }
      }
    }
    return built;
  }

  DynamoDbTable<OrganisationItem> organisations() {
    return table(Entity.ORGANISATION, OrganisationItem.schema());
  }

  DynamoDbTable<MembershipItem> memberships() {
    return table(Entity.MEMBERSHIP, MembershipItem.schema());
  }

  DynamoDbTable<MemberEmailItem> memberEmails() {
    return table(Entity.MEMBER_EMAIL, MemberEmailItem.schema());
  }

  DynamoDbTable<InvitationItem> invitations() {
    return table(Entity.INVITATION, InvitationItem.schema());
  }

  DynamoDbTable<CustomRolesItem> customRoles() {
    return table(Entity.ROLE_CATALOG, CustomRolesItem.schema());
  }

  DynamoDbTable<ServiceAccountItem> serviceAccounts() {
    return table(Entity.SERVICE_ACCOUNT, ServiceAccountItem.schema());
  }

  DynamoDbTable<SecretItem> secrets() {
    return table(Entity.SECRET, SecretItem.schema());
  }

  DynamoDbTable<IdempotencyItem> idempotencyKeys() {
    return table(Entity.IDEMPOTENCY, IdempotencyItem.schema());
  }

  DynamoDbTable<UsageItem> usage() {
    return table(Entity.USAGE, UsageItem.schema());
  }

  public String name() {
    return name;
  }

  /** The entity's view of the table, built on first use (two racing first uses agree on one). */
  @SuppressWarnings("unchecked")
  private <T> DynamoDbTable<T> table(Entity entity, TableSchema<T> schema) {
    DynamoDbTable<?> table = tables.get(entity.ordinal());
    if (table == null) {
      tables.compareAndSet(entity.ordinal(), null, enhanced().table(name, schema));
      table = tables.get(entity.ordinal());
    }
    return (DynamoDbTable<T>) table;
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
  List<StoredItem> getAll(List<Map<String, AttributeValue>> keys) {
    List<StoredItem> found = new ArrayList<>(keys.size());
    for (int from = 0; from < keys.size(); from += BATCH_GET_LIMIT) {
      List<Map<String, AttributeValue>> chunk =
          new ArrayList<>(keys.subList(from, Math.min(keys.size(), from + BATCH_GET_LIMIT)));
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

  /**
   * Maps a raw item by the entity it names. The entities every request's access check and every
   * permission check read (the org's profile, memberships, service accounts, role catalogs) are
   * decoded by hand: building the enhanced client's schemas costs a
   * cold start more than the check itself (docs/benchmarks.md); ItemDecodingTest holds the hand
   * decoders to the schemas.
   */
  static StoredItem toItem(Map<String, AttributeValue> item) {
    AttributeValue entity = item.get(Keys.ENTITY);
    String name = entity == null ? "" : entity.s();
    switch (name == null ? "" : name) {
      case OrganisationItem.ENTITY:
        return OrganisationItem.read(item);
      case MembershipItem.ENTITY:
        return MembershipItem.read(item);
      case ServiceAccountItem.ENTITY:
        return ServiceAccountItem.read(item);
      case CustomRolesItem.ENTITY:
        return CustomRolesItem.read(item);
      default:
        TableSchema<? extends StoredItem> schema = schemaOf(name);
        if (schema == null) {
          throw new IllegalStateException("item without a known entity type: " + item.get(Keys.SORT_KEY));
        }
        return schema.mapToItem(item);
    }
  }

  static TableSchema<? extends StoredItem> schemaOf(String entity) {
    switch (entity) {
      case OrganisationItem.ENTITY:
        return OrganisationItem.schema();
      case MembershipItem.ENTITY:
        return MembershipItem.schema();
      case MemberEmailItem.ENTITY:
        return MemberEmailItem.schema();
      case InvitationItem.ENTITY:
        return InvitationItem.schema();
      case CustomRolesItem.ENTITY:
        return CustomRolesItem.schema();
      case ServiceAccountItem.ENTITY:
        return ServiceAccountItem.schema();
      case SecretItem.ENTITY:
        return SecretItem.schema();
      case IdempotencyItem.ENTITY:
        return IdempotencyItem.schema();
      case UsageItem.ENTITY:
        return UsageItem.schema();
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
      enhanced().transactWriteItems(request);
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
