package io.usersroles.store;

import io.usersroles.security.Crypto;
import java.time.Instant;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The uses of {@code Idempotency-Key} headers, per org, caller and key. A use is claimed with a
 * conditional put before the request runs, so of concurrent requests with one key exactly one runs.
 */
@Singleton
public final class IdempotencyStore {
  private final Table table;

  @Inject
  public IdempotencyStore(Table table) {
    this.table = table;
  }

  /** Where one key of one caller in one org is recorded; {@code keyHash} hashes route and key. */
  public record Slot(String orgId, String callerId, String keyHash) {
    String pk() {
      return Keys.org(orgId);
    }

    String sk() {
      return Keys.idempotencyKey(callerId, keyHash);
    }

    /** The item's key as text: bound to the sealed response, so it cannot be replayed elsewhere. */
    public String associatedData() {
      return pk() + "\n" + sk();
    }
  }

  /** A recorded use: the request it was first made with and, when done, the sealed answer. */
  public record Use(String requestHash, boolean done, String sealedResponse, Instant createdAt) {}

  /** A claim this request holds: what finishing or releasing it is conditional on. */
  public record Claim(Slot slot, String requestHash, String claimId, Instant claimedAt) {}

  /**
   * Records that a request is now running under {@code slot}, unless another use holds it. A use
   * created before {@code staleBefore} no longer counts (DynamoDB's TTL deletes lazily), nor does one
   * still running that started before {@code abandonedBefore} (its invocation has certainly ended).
   *
   * @return the claim when this request may run, empty when another use holds the slot
   */
  public Optional<Claim> claim(Slot slot, String requestHash, Instant now, Instant staleBefore,
      Instant abandonedBefore, Instant expireItemAt) {
    Claim claim = new Claim(slot, requestHash, Crypto.randomToken(16), now);
    IdempotencyItem item = item(claim, IdempotencyItem.IN_PROGRESS, null, expireItemAt);
    Expression free = Expression.builder()
        .expression("attribute_not_exists(#pk) OR #createdAt < :staleBefore"
            + " OR (#state = :inProgress AND #createdAt < :abandonedBefore)")
        .putExpressionName("#pk", Keys.PARTITION_KEY)
        .putExpressionName("#createdAt", IdempotencyItem.CREATED_AT.name())
        .putExpressionName("#state", IdempotencyItem.STATE.name())
        .putExpressionValue(":staleBefore", millis(staleBefore))
        .putExpressionValue(":abandonedBefore", millis(abandonedBefore))
        .putExpressionValue(":inProgress", AttributeValue.fromS(IdempotencyItem.IN_PROGRESS))
        .build();
    try {
      table.put(IdempotencyItem.TYPE, item, free);
      return Optional.of(claim);
    } catch (ConditionalCheckFailedException taken) {
      return Optional.empty();
    }
  }

  /** The use recorded under {@code slot}, strongly consistent. */
  public Optional<Use> find(Slot slot) {
    return table.get(IdempotencyItem.TYPE, slot.pk(), slot.sk())
        .map(item -> new Use(item.get(IdempotencyItem.REQUEST_HASH),
            IdempotencyItem.DONE.equals(item.get(IdempotencyItem.STATE)), item.get(IdempotencyItem.SEALED_RESPONSE),
            Instant.ofEpochMilli(item.get(IdempotencyItem.CREATED_AT))));
  }

  /**
   * Stores the answer of a claimed use. Returns false when the claim was taken over meanwhile (it
   * looked abandoned), in which case nothing is written.
   */
  public boolean complete(Claim claim, String sealedResponse, Instant expireItemAt) {
    IdempotencyItem item = item(claim, IdempotencyItem.DONE, sealedResponse, expireItemAt);
    try {
      table.put(IdempotencyItem.TYPE, item, stillClaimed(claim));
      return true;
    } catch (ConditionalCheckFailedException takenOver) {
      return false;
    }
  }

  /** Removes a claim (its request failed), so that a retry can run. */
  public void release(Claim claim) {
    Slot slot = claim.slot();
    try {
      table.deleteItem(slot.pk(), slot.sk(), stillClaimed(claim));
    } catch (ConditionalCheckFailedException takenOver) {
      // another request holds the key now: its record stays
    }
  }

  private static Expression stillClaimed(Claim claim) {
    return Expression.builder().expression("#state = :inProgress AND #claimId = :claimId")
        .putExpressionName("#state", IdempotencyItem.STATE.name())
        .putExpressionName("#claimId", IdempotencyItem.CLAIM_ID.name())
        .putExpressionValue(":inProgress", AttributeValue.fromS(IdempotencyItem.IN_PROGRESS))
        .putExpressionValue(":claimId", AttributeValue.fromS(claim.claimId()))
        .build();
  }

  private static IdempotencyItem item(Claim claim, String state, String sealedResponse, Instant expireItemAt) {
    IdempotencyItem item = new IdempotencyItem();
    item.setKey(claim.slot().pk(), claim.slot().sk());
    item.set(IdempotencyItem.REQUEST_HASH, claim.requestHash());
    item.set(IdempotencyItem.CLAIM_ID, claim.claimId());
    item.set(IdempotencyItem.STATE, state);
    item.set(IdempotencyItem.SEALED_RESPONSE, sealedResponse);
    item.set(IdempotencyItem.CREATED_AT, claim.claimedAt().toEpochMilli());
    item.set(IdempotencyItem.EXPIRE_ITEM_AT, expireItemAt.getEpochSecond());
    return item;
  }

  private static AttributeValue millis(Instant instant) {
    return AttributeValue.fromN(Long.toString(instant.toEpochMilli()));
  }
}
