package io.usersroles.store;

import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
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
public final class UsageItem extends StoredItem {
  static final String ENTITY = "usage";

  /** What an org's usage item counts; the name is the attribute. */
  public enum Counter {
    PENDING_INVITATIONS("pendingInvitations"),
    SERVICE_ACCOUNTS("serviceAccounts");

    final String attribute;

    Counter(String attribute) {
      this.attribute = attribute;
    }
  }

  /** The table schema of this entity, for the enhanced client. */
  static TableSchema<UsageItem> schema() {
    return Schema.OF;
  }

  /**
   * Built on first use (initialisation-on-demand holder), not when the class loads: a check decodes
   * the items it reads by hand (Table.toItem) and never needs the enhanced client's schema machinery.
   */
  private static final class Schema {
    static final TableSchema<UsageItem> OF = StaticTableSchema.builder(UsageItem.class)
        .newItemSupplier(UsageItem::new)
        .extend(StoredItem.sharedSchema())
        .addAttribute(Long.class, a -> a.name(Counter.PENDING_INVITATIONS.attribute)
            .getter(UsageItem::getPendingInvitations).setter(UsageItem::setPendingInvitations))
        .addAttribute(Long.class, a -> a.name(Counter.SERVICE_ACCOUNTS.attribute)
            .getter(UsageItem::getServiceAccounts).setter(UsageItem::setServiceAccounts))
        .build();
  }

  private Long pendingInvitations;
  private Long serviceAccounts;

  public UsageItem() {
    super(ENTITY);
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
    item.setPk(Keys.org(orgId));
    item.setSk(Keys.USAGE);
    if (counter == Counter.PENDING_INVITATIONS) {
      item.pendingInvitations = delta;
    } else {
      item.serviceAccounts = delta;
    }
    TransactUpdateItemEnhancedRequest.Builder<UsageItem> request = TransactUpdateItemEnhancedRequest
        .builder(UsageItem.class).item(item).ignoreNulls(true);
    if (maxBefore != null) {
      request.conditionExpression(Expression.builder()
          .expression("attribute_not_exists(#capped) OR #capped <= :room")
          .expressionNames(Map.of("#capped", counter.attribute))
          .expressionValues(Map.of(":room", AttributeValue.fromN(Long.toString(maxBefore))))
          .build());
    }
    return request.build();
  }

  /** On read: the count. On write: the change (see the class comment). */
  public Long getPendingInvitations() {
    return pendingInvitations;
  }

  public void setPendingInvitations(Long pendingInvitations) {
    this.pendingInvitations = pendingInvitations;
  }

  /** On read: the count. On write: the change. */
  public Long getServiceAccounts() {
    return serviceAccounts;
  }

  public void setServiceAccounts(Long serviceAccounts) {
    this.serviceAccounts = serviceAccounts;
  }
}
