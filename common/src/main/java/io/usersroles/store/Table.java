package io.usersroles.store;

import io.usersroles.config.Settings;
import io.usersroles.domain.DomainException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.extensions.AtomicCounterExtension;
import software.amazon.awssdk.enhanced.dynamodb.extensions.VersionedRecordExtension;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactUpdateItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The one physical table, seen through one {@link DynamoDbTable} per item type ({@link #of}) for the
 * enhanced client, and through {@link #getAll} for the raw batch reads every access check makes.
 */
@Singleton
public final class Table {
  final String name;
  final DynamoDbClient client;
  // built on first use: the paths every request takes read through getAll alone (see ItemType)
  private volatile DynamoDbEnhancedClient enhanced;
  private final Map<ItemType<?>, DynamoDbTable<?>> tables = new ConcurrentHashMap<>();

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

  /** The items of one type, for the enhanced client (built on first use; racing first uses agree on one). */
  @SuppressWarnings("unchecked")
  <T extends TableItem> DynamoDbTable<T> of(ItemType<T> type) {
    DynamoDbTable<?> table = tables.get(type);
    if (table == null) {
      tables.putIfAbsent(type, enhanced().table(name, type.schema()));
      table = tables.get(type);
    }
    return (DynamoDbTable<T>) table;
  }

  public String name() {
    return name;
  }

  /*
   * Reads (get, queries) and deletes go to the raw client with raw keys: the enhanced client's Key, which
   * its gets, queries, deletes and condition checks take, builds its whole attribute-converter registry on
   * first use (about 95 classes, 70-90 ms of a cold start). Items are written through the enhanced client,
   * for the versioning and counter extensions.
   */

  /** The item of {@code type} at {@code pk}/{@code sk}, strongly consistent; empty when there is none. */
  <T extends TableItem> Optional<T> get(ItemType<T> type, String pk, String sk) {
    GetItemResponse response = client.getItem(r -> r.tableName(name).key(TableItem.rawKey(pk, sk)).consistentRead(true));
    return response.hasItem() && !response.item().isEmpty() ? Optional.of(type.decode(response.item()))
        : Optional.empty();
  }

  /** One page of a query: the items decoded, and where the next page starts (empty after the last). */
  record QueryPage<T>(List<T> items, Map<String, AttributeValue> lastEvaluatedKey) {
    boolean last() {
      return lastEvaluatedKey.isEmpty();
    }
  }

  /**
   * One page of the items of {@code type} in partition {@code pk} whose sort keys begin with
   * {@code sortKeyPrefix}, in sort-key order, strongly consistent; from after {@code startKey} when given,
   * at most {@code limit} items when given.
   */
  <T extends TableItem> QueryPage<T> queryPage(ItemType<T> type, String pk, String sortKeyPrefix,
      Map<String, AttributeValue> startKey, Integer limit) {
    QueryResponse response = client.query(r -> r.tableName(name).consistentRead(true)
        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
        .expressionAttributeNames(Map.of("#pk", Keys.PARTITION_KEY, "#sk", Keys.SORT_KEY))
        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk), ":prefix", AttributeValue.fromS(sortKeyPrefix)))
        .exclusiveStartKey(startKey).limit(limit));
    List<T> items = new ArrayList<>(response.items().size());
    response.items().forEach(item -> items.add(type.decode(item)));
    return new QueryPage<>(items, response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : Map.of());
  }

  /** Every item of {@code type} in partition {@code pk} whose sort key begins with {@code sortKeyPrefix}. */
  <T extends TableItem> List<T> queryAll(ItemType<T> type, String pk, String sortKeyPrefix) {
    List<T> all = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      QueryPage<T> page = queryPage(type, pk, sortKeyPrefix, start, null);
      all.addAll(page.items());
      start = page.last() ? null : page.lastEvaluatedKey();
    } while (start != null);
    return all;
  }

  /** A transaction's delete of the item at {@code pk}/{@code sk}, on {@code condition} when given. */
  TransactWriteItem delete(String pk, String sk, Expression condition) {
    return TransactWriteItem.builder().delete(d -> {
      d.tableName(name).key(TableItem.rawKey(pk, sk));
      if (condition != null) {
        d.conditionExpression(condition.expression()).expressionAttributeNames(orNull(condition.expressionNames()))
            .expressionAttributeValues(orNull(condition.expressionValues()));
      }
    }).build();
  }

  /** A new transaction, written by {@link #transact(Tx)}. */
  Tx tx() {
    return new Tx();
  }

  /**
   * A transaction's actions in the order they are added (a cancellation's reasons come back in that
   * order): items written through the enhanced client, with its versioning and counter extensions, and
   * deletes and condition checks by raw key.
   */
  final class Tx {
    private final List<TransactWriteItem> actions = new ArrayList<>();

    private Tx() {}

    /** Writes {@code item}'s attributes (versioned: only if its version is still the one read). */
    <T extends TableItem> Tx update(ItemType<T> type, T item) {
      actions.addAll(TransactWriteItemsEnhancedRequest.builder().addUpdateItem(of(type), item).build()
          .transactWriteItems());
      return this;
    }

    /** Runs {@code request}, an update with a condition of its own (a usage counter's cap). */
    <T extends TableItem> Tx update(ItemType<T> type, TransactUpdateItemEnhancedRequest<T> request) {
      actions.addAll(TransactWriteItemsEnhancedRequest.builder().addUpdateItem(of(type), request).build()
          .transactWriteItems());
      return this;
    }

    /** Puts {@code item} (versioned as {@link #update}). */
    <T extends TableItem> Tx put(ItemType<T> type, T item) {
      actions.addAll(TransactWriteItemsEnhancedRequest.builder().addPutItem(of(type), item).build()
          .transactWriteItems());
      return this;
    }

    /** Puts {@code item} if {@code condition} holds on what is there. */
    @SuppressWarnings("unchecked")
    <T extends TableItem> Tx put(ItemType<T> type, T item, Expression condition) {
      actions.addAll(TransactWriteItemsEnhancedRequest.builder().addPutItem(of(type),
          TransactPutItemEnhancedRequest.builder((Class<T>) item.getClass()).item(item).conditionExpression(condition)
              .build()).build().transactWriteItems());
      return this;
    }

    /** Deletes the item at {@code pk}/{@code sk}, on {@code condition} when given. */
    Tx delete(String pk, String sk, Expression condition) {
      actions.add(Table.this.delete(pk, sk, condition));
      return this;
    }

    /** Checks that the item at {@code pk}/{@code sk} meets {@code condition}. */
    Tx check(String pk, String sk, Expression condition) {
      actions.add(conditionCheck(pk, sk, condition));
      return this;
    }

    /** Raw actions (an audit event). */
    Tx add(List<TransactWriteItem> raw) {
      actions.addAll(raw);
      return this;
    }
  }

  /** Runs {@code tx} as {@link #transact(TransactWriteItemsEnhancedRequest)} does. */
  void transact(Tx tx) {
    transact(tx.actions);
  }

  /** DynamoDB refuses an empty map of expression names or values; an absent one is fine. */
  private static <V> Map<String, V> orNull(Map<String, V> map) {
    return map == null || map.isEmpty() ? null : map;
  }

  /** A transaction's check that the item at {@code pk}/{@code sk} meets {@code condition}. */
  TransactWriteItem conditionCheck(String pk, String sk, Expression condition) {
    return TransactWriteItem.builder().conditionCheck(c -> c.tableName(name).key(TableItem.rawKey(pk, sk))
        .conditionExpression(condition.expression()).expressionAttributeNames(orNull(condition.expressionNames()))
        .expressionAttributeValues(orNull(condition.expressionValues()))).build();
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
  List<TableItem> getAll(List<Map<String, AttributeValue>> keys) {
    List<TableItem> found = new ArrayList<>(keys.size());
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

  /** Decodes a raw item by the type its {@code entity} attribute names (see {@link ItemType#decode}). */
  static TableItem toItem(Map<String, AttributeValue> item) {
    AttributeValue entity = item.get(Keys.ENTITY);
    ItemType<?> type = entity == null || entity.s() == null ? null : ItemTypes.byEntity(entity.s());
    if (type == null) {
      throw new IllegalStateException("item without a known entity type: " + item.get(Keys.SORT_KEY));
    }
    return type.decode(item);
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
      throw lostRace(e);
    }
  }

  /**
   * As {@link #transact(TransactWriteItemsEnhancedRequest)}, with {@code more} actions after the enhanced
   * client's (an audit event, which the enhanced client cannot write as an append): one transaction.
   */
  void transact(TransactWriteItemsEnhancedRequest request, List<TransactWriteItem> more) {
    List<TransactWriteItem> all = new ArrayList<>(request.transactWriteItems());
    all.addAll(more);
    transact(all);
  }

  /**
   * As {@link #transact(TransactWriteItemsEnhancedRequest)} for actions the enhanced client cannot
   * express, such as an update that sets a few attributes of an item and leaves the rest.
   */
  void transact(List<TransactWriteItem> actions) {
    try {
      client.transactWriteItems(r -> r.transactItems(actions));
    } catch (TransactionCanceledException e) {
      throw lostRace(e);
    }
  }

  /** A transaction cancelled by conditions or conflicts, as the race its caller lost; else the failure itself. */
  private static RuntimeException lostRace(TransactionCanceledException e) {
    List<String> reasons = e.hasCancellationReasons()
        ? e.cancellationReasons().stream().map(CancellationReason::code).collect(Collectors.toList())
        : List.of();
    boolean explained = reasons.stream().allMatch(code -> code == null || "None".equals(code)
        || "ConditionalCheckFailed".equals(code) || "TransactionConflict".equals(code));
    if (!explained || reasons.isEmpty()) {
      return e;
    }
    return new ConcurrentChangeException(reasons, e);
  }
}
