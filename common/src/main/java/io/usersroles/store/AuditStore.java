package io.usersroles.store;

import io.usersroles.config.Settings;
import io.usersroles.domain.AuditEvent;
import io.usersroles.domain.AuditQuery;
import io.usersroles.json.AuditEventJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The audit log: the write that records an event in the transaction of its change, the write that takes
 * targets back out when a change is undone, and the newest-first list.
 */
@Singleton
public final class AuditStore {
  /** Items one filtered list request examines per DynamoDB request. */
  static final int ITEMS_PER_FILTERED_REQUEST = 100;
  /** DynamoDB requests one list call may make before it answers with what it has (a short page and a cursor). */
  static final int MAX_REQUESTS = 10;
  /** Past every event's sort key ({@code '$'} follows {@code '#'}). */
  private static final String AFTER_ALL_EVENTS = "EVENT$";

  private final Table table;
  private final Duration retention;

  @Inject
  public AuditStore(Table table, Settings settings) {
    this(table, settings.audit().retention());
  }

  public AuditStore(Table table, Duration retention) {
    this.table = table;
    this.retention = retention;
  }

  /**
   * The transaction action that records {@code event}: creates its item, or (the same event written again
   * by a later transaction of the same request) appends the event's targets to those stored.
   */
  TransactWriteItem record(AuditEvent event) {
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    StringBuilder set = new StringBuilder("SET ");
    setValue(set, names, values, TableItem.ENTITY, AttributeValue.fromS(AuditEventItem.TYPE.entity()));
    setValue(set, names, values, AuditEventItem.ORG_ID, AttributeValue.fromS(event.orgId()));
    setValue(set, names, values, AuditEventItem.EVENT_ID, AttributeValue.fromS(event.id()));
    setValue(set, names, values, AuditEventItem.AT, AttributeValue.fromS(AuditEventJson.instant(event.at())));
    setValue(set, names, values, AuditEventItem.ACTOR_TYPE, AttributeValue.fromS(event.actor().type()));
    setValue(set, names, values, AuditEventItem.ACTOR_ID, AttributeValue.fromS(event.actor().id()));
    setValue(set, names, values, AuditEventItem.ACTION, AttributeValue.fromS(event.action().wireName()));
    setValue(set, names, values, AuditEventItem.REQUEST_ID, AttributeValue.fromS(event.requestId()));
    setValue(set, names, values, AuditEventItem.EXPIRE_ITEM_AT,
        AttributeValue.fromN(Long.toString(event.at().plus(retention).getEpochSecond())));
    if (!event.changes().isEmpty()) {
      setValue(set, names, values, AuditEventItem.CHANGES,
          AttributeValue.fromS(AuditEventJson.text(AuditEventJson.changes(event.changes()))));
    }
    List<AttributeValue> targets = new ArrayList<>(event.targets().size());
    List<AttributeValue> targetIds = new ArrayList<>(event.targets().size());
    for (AuditEvent.Target target : event.targets()) {
      targets.add(AttributeValue.fromS(AuditEventJson.text(AuditEventJson.target(target))));
      targetIds.add(AttributeValue.fromS(target.id()));
    }
    values.put(":none", AttributeValue.fromL(List.of()));
    append(set, names, values, AuditEventItem.TARGETS, AttributeValue.fromL(targets));
    append(set, names, values, AuditEventItem.TARGET_IDS, AttributeValue.fromL(targetIds));
    names.put("#revision", AuditEventItem.REVISION.name());
    values.put(":one", AttributeValue.fromN("1"));
    String expression = set + " ADD #revision :one";
    return TransactWriteItem.builder().update(update -> update.tableName(table.name)
        .key(TableItem.rawKey(Keys.audit(event.orgId()), AuditEventItem.sortKey(event.at(), event.id())))
        .updateExpression(expression)
        .expressionAttributeNames(names)
        .expressionAttributeValues(values))
        .build();
  }

  private static void setValue(StringBuilder set, Map<String, String> names, Map<String, AttributeValue> values,
      Attribute<?> attribute, AttributeValue value) {
    String name = "#" + attribute.name();
    String placeholder = ":" + attribute.name();
    names.put(name, attribute.name());
    values.put(placeholder, value);
    set.append(set.length() > 4 ? ", " : "").append(name).append(" = ").append(placeholder);
  }

  private static void append(StringBuilder set, Map<String, String> names, Map<String, AttributeValue> values,
      Attribute<?> attribute, AttributeValue added) {
    String name = "#" + attribute.name();
    String placeholder = ":" + attribute.name();
    names.put(name, attribute.name());
    values.put(placeholder, added);
    set.append(", ").append(name).append(" = list_append(if_not_exists(").append(name).append(", :none), ")
        .append(placeholder).append(")");
  }

  /**
   * The transaction action that takes the targets {@code targetIds} back out of the stored {@code event},
   * for a change that is being undone: the event without them, or no event at all when none is left;
   * conditional on the event being as read here (strongly consistent), so a concurrent write of it makes
   * the transaction fail and the caller read again. Empty when the event is not stored or names none of them.
   */
  Optional<TransactWriteItem> withdraw(AuditEvent event, Collection<String> targetIds) {
    Map<String, AttributeValue> key =
        TableItem.rawKey(Keys.audit(event.orgId()), AuditEventItem.sortKey(event.at(), event.id()));
    Optional<AuditEventItem> stored = table.get(AuditEventItem.TYPE, Keys.audit(event.orgId()),
        AuditEventItem.sortKey(event.at(), event.id()));
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    List<String> targets = stored.get().get(AuditEventItem.TARGETS);
    List<String> ids = stored.get().get(AuditEventItem.TARGET_IDS);
    List<AttributeValue> keptTargets = new ArrayList<>();
    List<AttributeValue> keptIds = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      if (!targetIds.contains(ids.get(i))) {
        keptTargets.add(AttributeValue.fromS(targets.get(i)));
        keptIds.add(AttributeValue.fromS(ids.get(i)));
      }
    }
    if (keptIds.size() == ids.size()) {
      return Optional.empty();
    }
    Map<String, String> names = Map.of("#revision", AuditEventItem.REVISION.name());
    AttributeValue revision = AttributeValue.fromN(Long.toString(stored.get().get(AuditEventItem.REVISION)));
    if (keptIds.isEmpty()) {
      return Optional.of(TransactWriteItem.builder().delete(delete -> delete.tableName(table.name).key(key)
          .conditionExpression("#revision = :revision")
          .expressionAttributeNames(names)
          .expressionAttributeValues(Map.of(":revision", revision)))
          .build());
    }
    return Optional.of(TransactWriteItem.builder().update(update -> update.tableName(table.name).key(key)
        .updateExpression("SET #targets = :targets, #targetIds = :targetIds ADD #revision :one")
        .conditionExpression("#revision = :revision")
        .expressionAttributeNames(Map.of("#revision", AuditEventItem.REVISION.name(),
            "#targets", AuditEventItem.TARGETS.name(), "#targetIds", AuditEventItem.TARGET_IDS.name()))
        .expressionAttributeValues(Map.of(":revision", revision, ":one", AttributeValue.fromN("1"),
            ":targets", AttributeValue.fromL(keptTargets), ":targetIds", AttributeValue.fromL(keptIds))))
        .build());
  }

  /**
   * One page of the org's events matching {@code query}, newest first, kept at most as long as the
   * retention as of {@code now}. Unfiltered (or filtered by time alone, which is a key range), a page
   * of {@code limit} reads at most {@code limit + 1} items: the one past the page says whether there is
   * a next. Filtered by content, DynamoDB reads through the window and returns the matches: at most
   * {@link #ITEMS_PER_FILTERED_REQUEST} items per request and {@link #MAX_REQUESTS} requests per page, so
   * a sparse filter answers a short page with a cursor rather than a long request.
   */
  public ListPage<AuditEvent> list(String orgId, AuditQuery query, Instant now, ListPosition from, int limit) {
    String partition = Keys.audit(orgId);
    Instant oldest = now.minus(retention);
    Instant since = query.since().filter(s -> s.isAfter(oldest)).orElse(oldest);
    String low = Keys.AUDIT_EVENT_PREFIX + AuditEventJson.instant(since);
    String high = query.until().map(until -> Keys.AUDIT_EVENT_PREFIX + AuditEventJson.instant(until))
        .orElse(AFTER_ALL_EVENTS);
    if (low.compareTo(high) >= 0) {
      return new ListPage<>(List.of(), null);
    }
    Map<String, String> names = new HashMap<>(Map.of("#pk", Keys.PARTITION_KEY, "#sk", Keys.SORT_KEY,
        "#expire", AuditEventItem.EXPIRE_ITEM_AT.name()));
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", AttributeValue.fromS(partition),
        ":low", AttributeValue.fromS(low), ":high", AttributeValue.fromS(high),
        ":now", AttributeValue.fromN(Long.toString(now.getEpochSecond()))));
    // DynamoDB's TTL deletes late (up to days): an expired event still stored is left out here
    StringBuilder filter = new StringBuilder("#expire > :now");
    query.action().ifPresent(action -> {
      names.put("#action", AuditEventItem.ACTION.name());
      values.put(":action", AttributeValue.fromS(action.wireName()));
      filter.append(" AND #action = :action");
    });
    query.actorId().ifPresent(actor -> {
      names.put("#actor", AuditEventItem.ACTOR_ID.name());
      values.put(":actor", AttributeValue.fromS(actor));
      filter.append(" AND #actor = :actor");
    });
    query.targetId().ifPresent(target -> {
      names.put("#targetIds", AuditEventItem.TARGET_IDS.name());
      values.put(":target", AttributeValue.fromS(target));
      filter.append(" AND contains(#targetIds, :target)");
    });
    // the high bound is exclusive (BETWEEN is not): every sort key continues past the bound's text
    String keyCondition = "#pk = :pk AND #sk BETWEEN :low AND :high";
    List<AuditEvent> rows = new ArrayList<>();
    Map<String, AttributeValue> start = from.afterSortKey() == null ? null
        : TableItem.rawKey(partition, from.afterSortKey());
    for (int requests = 0; requests < MAX_REQUESTS; requests++) {
      int wanted = limit + 1 - rows.size();
      QueryRequest.Builder request = QueryRequest.builder().tableName(table.name)
          .keyConditionExpression(keyCondition)
          .filterExpression(filter.toString())
          .expressionAttributeNames(names)
          .expressionAttributeValues(values)
          .scanIndexForward(false)
          .consistentRead(true)
          .limit(query.filtersContent() ? Math.max(wanted, ITEMS_PER_FILTERED_REQUEST) : wanted);
      if (start != null) {
        request.exclusiveStartKey(start);
      }
      QueryResponse response = table.client.query(request.build());
      for (Map<String, AttributeValue> item : response.items()) {
        AuditEventItem event = AuditEventItem.TYPE.decode(item);
        if (rows.size() == limit) {
          // one more than the page: there is a next page, starting after the page's last event
          return new ListPage<>(rows, new ListPosition(0, lastSortKey(rows)));
        }
        rows.add(event.toEvent());
      }
      if (!response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) {
        return new ListPage<>(rows, null);
      }
      start = response.lastEvaluatedKey();
    }
    return new ListPage<>(rows, new ListPosition(0, start.get(Keys.SORT_KEY).s()));
  }

  private static String lastSortKey(List<AuditEvent> rows) {
    AuditEvent last = rows.get(rows.size() - 1);
    return AuditEventItem.sortKey(last.at(), last.id());
  }
}
