package io.usersroles.store;

import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactUpdateItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code ORG#id / USAGE}: how many capped things an org holds (open invitations, service accounts).
 * Every write that creates or removes such a thing moves its counter in the same transaction, and a
 * create carries the condition that the counter leaves room, so no interleaving of requests takes an
 * org past its cap. Its own item rather than attributes of {@code PROFILE}: the profile is written
 * whole under optimistic locking, which would either lose counter updates or make every invitation
 * race every rename.
 *
 * <p>Only ever written through {@link #change}: an update whose counter attributes are deltas that
 * {@link CounterExtension} turns into {@code ADD}, so concurrent changes commute.
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

  /** The transaction action that adds {@code delta} (may be negative) to one counter of the org. */
  static TransactUpdateItemEnhancedRequest<UsageItem> change(String orgId, Counter counter, long delta) {
    return change(orgId, counter, delta, null);
  }

  /**
   * The transaction action that adds {@code delta} to one counter of the org, only if the counter is
   * at most {@code maxBefore} beforehand (a missing counter counts as 0): the cap minus what the
   * request adds in all.
   */
  static TransactUpdateItemEnhancedRequest<UsageItem> change(String orgId, Counter counter, long delta,
      Long maxBefore) {
    UsageItem item = new UsageItem();
    item.setKey(Keys.org(orgId), Keys.USAGE);
    item.set(counter.attribute, delta);
    TransactUpdateItemEnhancedRequest.Builder<UsageItem> request = TransactUpdateItemEnhancedRequest
        .builder(UsageItem.class).item(item).ignoreNulls(true);
    if (maxBefore != null) {
      request.conditionExpression(Expression.builder()
          .expression("attribute_not_exists(#capped) OR #capped <= :room")
          .expressionNames(Map.of("#capped", counter.attribute.name()))
          .expressionValues(Map.of(":room", AttributeValue.fromN(Long.toString(maxBefore))))
          .build());
    }
    return request.build();
  }
}
