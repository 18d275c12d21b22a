package io.usersroles.store;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * {@code ORG#{orgId} / IDEMPOTENCY#{callerId}#{hash}}: one use of an {@code Idempotency-Key}: the
 * hash of the request it was first used with and, once answered, that answer (sealed, never in
 * clear: it may hold a service-account secret). DynamoDB's TTL removes it some time after a day.
 */
public final class IdempotencyItem extends StoredItem {
  static final String ENTITY = "idempotency";
  static final String STATE = "state";
  static final String CREATED_AT = "createdAt";
  static final String CLAIM_ID = "claimId";
  static final String IN_PROGRESS = "in-progress";
  static final String DONE = "done";

  /** The table schema of this entity, for the enhanced client. */
  static TableSchema<IdempotencyItem> schema() {
    return Schema.OF;
  }

  /**
   * Built on first use (initialisation-on-demand holder), not when the class loads: a check decodes
   * the items it reads by hand (Table.toItem) and never needs the enhanced client's schema machinery.
   */
  private static final class Schema {
    static final TableSchema<IdempotencyItem> OF = StaticTableSchema.builder(IdempotencyItem.class)
        .newItemSupplier(IdempotencyItem::new)
        .extend(StoredItem.sharedSchema())
        .addAttribute(String.class, a -> a.name("requestHash").getter(IdempotencyItem::getRequestHash)
            .setter(IdempotencyItem::setRequestHash))
        .addAttribute(String.class, a -> a.name(CLAIM_ID).getter(IdempotencyItem::getClaimId)
            .setter(IdempotencyItem::setClaimId))
        .addAttribute(String.class, a -> a.name(STATE).getter(IdempotencyItem::getState)
            .setter(IdempotencyItem::setState))
        .addAttribute(String.class, a -> a.name("sealedResponse").getter(IdempotencyItem::getSealedResponse)
            .setter(IdempotencyItem::setSealedResponse))
        .addAttribute(Long.class, a -> a.name(CREATED_AT).getter(IdempotencyItem::getCreatedAt)
            .setter(IdempotencyItem::setCreatedAt))
        .addAttribute(Long.class, a -> a.name(Keys.TTL_ATTRIBUTE).getter(IdempotencyItem::getExpireItemAt)
            .setter(IdempotencyItem::setExpireItemAt))
        .build();
  }

  private String requestHash;
  private String claimId;
  private String state;
  private String sealedResponse;
  private Long createdAt;
  private Long expireItemAt;

  public IdempotencyItem() {
    super(ENTITY);
  }

  public String getRequestHash() {
    return requestHash;
  }

  public void setRequestHash(String requestHash) {
    this.requestHash = requestHash;
  }

  /** Random, per claim: which request's claim this is, when finishing or releasing it. */
  public String getClaimId() {
    return claimId;
  }

  public void setClaimId(String claimId) {
    this.claimId = claimId;
  }

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }

  public String getSealedResponse() {
    return sealedResponse;
  }

  public void setSealedResponse(String sealedResponse) {
    this.sealedResponse = sealedResponse;
  }

  /** Epoch milliseconds. */
  public Long getCreatedAt() {
    return createdAt;
  }

  public void setCreatedAt(Long createdAt) {
    this.createdAt = createdAt;
  }

  /** Epoch seconds, as DynamoDB's TTL wants. */
  public Long getExpireItemAt() {
    return expireItemAt;
  }

  public void setExpireItemAt(Long expireItemAt) {
    this.expireItemAt = expireItemAt;
  }
}
