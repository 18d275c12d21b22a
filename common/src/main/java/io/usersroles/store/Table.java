package io.usersroles.store;

import io.usersroles.config.Settings;
import io.usersroles.domain.DomainException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The one physical table, read and written through the SDK's DynamoDB client with each item type's
 * attribute declarations ({@link ItemType}): decoded from raw attribute maps ({@link #getAll},
 * {@link #get}, {@link #queryPage}), and written whole with optimistic locking on the types that carry
 * a version ({@link Tx}, {@link #put}).
 */
@Singleton
public final class Table {
  final String name;
  final DynamoDbClient client;

  @Inject
  public Table(DynamoDbClient client, Settings settings) {
    this(client, settings.tableName());
  }

  public Table(DynamoDbClient client, String name) {
    this.name = name;
    this.client = client;
  }

  public String name() {
    return name;
  }

  /*
   * No enhanced client: its Key (which its gets, queries, deletes and condition checks take) builds the
   * whole attribute-converter registry on first use (about 95 classes, 70-90 ms of a cold start), and its
   * operations, extensions and update expressions cost writers about 150 more classes. Its versioned-record
   * extension's rule is kept (Written), and usage counters are ADDed (UsageItem.change).
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
    Written written = new Written(condition);
    return TransactWriteItem.builder().delete(d -> d.tableName(name).key(TableItem.rawKey(pk, sk))
        .conditionExpression(written.condition()).expressionAttributeNames(orNull(written.names))
        .expressionAttributeValues(orNull(written.values))).build();
  }

  /** Deletes the item at {@code pk}/{@code sk} outside a transaction, if {@code condition} holds. */
  void deleteItem(String pk, String sk, Expression condition) {
    TransactWriteItem delete = delete(pk, sk, condition);
    client.deleteItem(r -> r.tableName(name).key(delete.delete().key())
        .conditionExpression(delete.delete().conditionExpression())
        .expressionAttributeNames(delete.delete().expressionAttributeNames())
        .expressionAttributeValues(delete.delete().expressionAttributeValues()));
  }

  /**
   * A write's condition with its names and values: the caller's condition, if any, and (through
   * {@link #version}) optimistic locking as the enhanced client's versioned-record extension did it: an
   * item of a versioned type whose version is unset (or 0) is written only if the stored item has none
   * and gets version 1; otherwise only if the stored version still equals it, and gets the next one.
   */
  private static final class Written {
    final Map<String, String> names = new HashMap<>();
    final Map<String, AttributeValue> values = new HashMap<>();
    final List<String> conditions = new ArrayList<>();

    Written(Expression condition) {
      if (condition != null) {
        conditions.add(condition.expression());
        if (condition.expressionNames() != null) {
          names.putAll(condition.expressionNames());
        }
        if (condition.expressionValues() != null) {
          values.putAll(condition.expressionValues());
        }
      }
    }

    /** The version to write, after adding the condition that makes the write optimistic. */
    AttributeValue version(Attribute<?> attribute, Object stored) {
      names.put("#version_", attribute.name());
      Long old = (Long) stored;
      if (old == null || old == 0L) {
        conditions.add("attribute_not_exists(#version_)");
        return AttributeValue.fromN("1");
      }
      values.put(":version_", AttributeValue.fromN(Long.toString(old)));
      conditions.add("#version_ = :version_");
      return AttributeValue.fromN(Long.toString(Math.addExact(old, 1L)));
    }

    String condition() {
      if (conditions.isEmpty()) {
        return null;
      }
      return conditions.size() == 1 ? conditions.get(0) : "(" + String.join(") AND (", conditions) + ")";
    }
  }

  /** A put of every attribute {@code item} has, on {@code condition} when given (and its version). */
  <T extends TableItem> Put putAction(ItemType<T> type, T item, Expression condition) {
    Written written = new Written(condition);
    Map<String, AttributeValue> map = new HashMap<>();
    for (Attribute<?> attribute : type.attributes()) {
      Object value = item.values[attribute.slot];
      if (attribute.role() == Attribute.Role.VERSION) {
        map.put(attribute.name(), written.version(attribute, value));
      } else if (value != null) {
        map.put(attribute.name(), attribute.encode(value));
      }
    }
    return Put.builder().tableName(name).item(map).conditionExpression(written.condition())
        .expressionAttributeNames(orNull(written.names)).expressionAttributeValues(orNull(written.values)).build();
  }

  /**
   * An update that sets every attribute {@code item} has and removes every one it has not (keys aside),
   * on {@code condition} when given (and its version).
   */
  <T extends TableItem> Update updateAction(ItemType<T> type, T item, Expression condition) {
    Written written = new Written(condition);
    List<String> set = new ArrayList<>();
    List<String> remove = new ArrayList<>();
    List<Attribute<?>> attributes = type.attributes();
    for (int i = 0; i < attributes.size(); i++) {
      Attribute<?> attribute = attributes.get(i);
      if (attribute.role() == Attribute.Role.PARTITION_KEY || attribute.role() == Attribute.Role.SORT_KEY) {
        continue;
      }
      Object value = item.values[attribute.slot];
      AttributeValue encoded = attribute.role() == Attribute.Role.VERSION ? written.version(attribute, value)
          : value == null ? null : attribute.encode(value);
      String ref = attribute.role() == Attribute.Role.VERSION ? "version_" : "a" + i;
      written.names.put("#" + ref, attribute.name());
      if (encoded == null) {
        remove.add("#" + ref);
      } else {
        written.values.put(":" + ref + "_new", encoded);
        set.add("#" + ref + " = :" + ref + "_new");
      }
    }
    StringBuilder expression = new StringBuilder();
    if (!set.isEmpty()) {
      expression.append("SET ").append(String.join(", ", set));
    }
    if (!remove.isEmpty()) {
      expression.append(expression.length() == 0 ? "" : " ").append("REMOVE ").append(String.join(", ", remove));
    }
    return Update.builder().tableName(name).key(TableItem.rawKey(item.getPk(), item.getSk()))
        .updateExpression(expression.toString()).conditionExpression(written.condition())
        .expressionAttributeNames(orNull(written.names)).expressionAttributeValues(orNull(written.values)).build();
  }

  /** Puts {@code item} outside a transaction, on {@code condition} (and its version). */
  <T extends TableItem> void put(ItemType<T> type, T item, Expression condition) {
    Put put = putAction(type, item, condition);
    client.putItem(r -> r.tableName(name).item(put.item()).conditionExpression(put.conditionExpression())
        .expressionAttributeNames(put.expressionAttributeNames()).expressionAttributeValues(
            put.expressionAttributeValues()));
  }

  /** A new transaction, written by {@link #transact(Tx)}. */
  Tx tx() {
    return new Tx();
  }

  /**
   * A transaction's actions in the order they are added (a cancellation's reasons come back in that
   * order): items put or updated whole (versioned), counters moved, items deleted or checked by key, and
   * raw actions (audit events).
   */
  final class Tx {
    private final List<TransactWriteItem> actions = new ArrayList<>();

    private Tx() {}

    /** Writes {@code item}'s attributes (versioned: only if its version is still the one read). */
    <T extends TableItem> Tx update(ItemType<T> type, T item) {
      actions.add(TransactWriteItem.builder().update(updateAction(type, item, null)).build());
      return this;
    }

    /** Puts {@code item} (versioned as {@link #update}). */
    <T extends TableItem> Tx put(ItemType<T> type, T item) {
      return put(type, item, null);
    }

    /** Puts {@code item} if {@code condition} holds on what is there (and, versioned, as {@link #update}). */
    <T extends TableItem> Tx put(ItemType<T> type, T item, Expression condition) {
      actions.add(TransactWriteItem.builder().put(putAction(type, item, condition)).build());
      return this;
    }

    /** Adds {@code delta} to one of the org's usage counters ({@link UsageItem#change}). */
    Tx count(String orgId, UsageItem.Counter counter, long delta) {
      actions.add(UsageItem.change(name, orgId, counter, delta, null));
      return this;
    }

    /** As {@link #count(String, UsageItem.Counter, long)}, only if the counter is at most {@code maxBefore}. */
    Tx count(String orgId, UsageItem.Counter counter, long delta, long maxBefore) {
      actions.add(UsageItem.change(name, orgId, counter, delta, maxBefore));
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

  /** Runs {@code tx} as {@link #transact(List)} does. */
  void transact(Tx tx) {
    transact(tx.actions);
  }

  /** DynamoDB refuses an empty map of expression names or values; an absent one is fine. */
  private static <V> Map<String, V> orNull(Map<String, V> map) {
    return map == null || map.isEmpty() ? null : map;
  }

  /** A transaction's check that the item at {@code pk}/{@code sk} meets {@code condition}. */
  TransactWriteItem conditionCheck(String pk, String sk, Expression condition) {
    Written written = new Written(condition);
    return TransactWriteItem.builder().conditionCheck(c -> c.tableName(name).key(TableItem.rawKey(pk, sk))
        .conditionExpression(written.condition()).expressionAttributeNames(orNull(written.names))
        .expressionAttributeValues(orNull(written.values))).build();
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
