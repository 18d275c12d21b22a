package io.usersroles.store;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * {@code ORG#id / USAGE}: how many capped things an org holds (open invitations, service accounts).
 * Every write that creates or removes such a thing moves its counter in the same transaction, and a
 * create carries the condition that the counter leaves room, so no interleaving of requests takes an
 * org past its cap. Its own item rather than attributes of {@code PROFILE}: the profile is written
 * whole under optimistic locking, which would either lose counter updates or make every invitation
 * race every rename.
 *
 * <p>Only ever written through {@link #change}: an update that {@code ADD}s a delta to one counter, so
 * concurrent changes commute.
 */
public final class UsageItem extends TableItem {
  static final ItemType<UsageItem> TYPE = new ItemType<>("usage", UsageItem.class, UsageItem::new);
  /** On read: the count. On write: the change (see the class comment). */
  static final Attribute<Long> PENDING_INVITATIONS = TYPE.number("pendingInvitations");
  /** On read: the count. On write: the change. */
  static final Attribute<Long> SERVICE_ACCOUNTS = TYPE.number("serviceAccounts");

  /** What an org's usage item counts. */
  public enum Counter {
    PENDING_INVITATIONS(UsageItem.PENDING_INVITATIONS),
    SERVICE_ACCOUNTS(UsageItem.SERVICE_ACCOUNTS);

    final Attribute<Long> attribute;

    Counter(Attribute<Long> attribute) {
      this.attribute = attribute;
    }
  }

  UsageItem() {
    super(TYPE);
  }

  /**
   * The transaction action that adds {@code delta} (may be negative) to one counter of the org in
   * {@code table}, only if the counter is at most {@code maxBefore} beforehand when that is given (a
   * missing counter counts as 0): the cap minus what the request adds in all.
   */
  static TransactWriteItem change(String table, String orgId, Counter counter, long delta, Long maxBefore) {
    Map<String, String> names = new HashMap<>(Map.of("#entity", Keys.ENTITY, "#counter", counter.attribute.name()));
    Map<String, AttributeValue> values = new HashMap<>(Map.of(":entity", AttributeValue.fromS(TYPE.entity()),
        ":delta", AttributeValue.fromN(Long.toString(delta))));
    String condition = null;
    if (maxBefore != null) {
      condition = "attribute_not_exists(#counter) OR #counter <= :room";
      values.put(":room", AttributeValue.fromN(Long.toString(maxBefore)));
    }
    String onlyIf = condition;
    return TransactWriteItem.builder().update(u -> u.tableName(table)
        .key(rawKey(Keys.org(orgId), Keys.USAGE))
        .updateExpression("SET #entity = :entity ADD #counter :delta")
        .conditionExpression(onlyIf).expressionAttributeNames(names).expressionAttributeValues(values)).build();
  }
}
