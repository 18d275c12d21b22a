package io.usersroles.store;

/**
 * {@code ORG#{orgId} / IDEMPOTENCY#{callerId}#{hash}}: one use of an {@code Idempotency-Key}: the
 * hash of the request it was first used with and, once answered, that answer (sealed, never in
 * clear: it may hold a service-account secret). DynamoDB's TTL removes it some time after a day.
 */
public final class IdempotencyItem extends TableItem {
  static final ItemType<IdempotencyItem> TYPE =
      new ItemType<>("idempotency", IdempotencyItem.class, IdempotencyItem::new);
  static final Attribute<String> REQUEST_HASH = TYPE.string("requestHash");
  static final Attribute<String> CLAIM_ID = TYPE.string("claimId");
  /** {@link #IN_PROGRESS} while the request runs, {@link #DONE} once its answer is recorded. */
  static final Attribute<String> STATE = TYPE.string("state");
  static final Attribute<String> SEALED_RESPONSE = TYPE.string("sealedResponse");
  static final Attribute<Long> CREATED_AT = TYPE.number("createdAt");
  static final Attribute<Long> EXPIRE_ITEM_AT = TYPE.number(Keys.TTL_ATTRIBUTE);

  static final String IN_PROGRESS = "in-progress";
  static final String DONE = "done";

  IdempotencyItem() {
    super(TYPE);
  }
}
