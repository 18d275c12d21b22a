package io.usersroles.store;

import java.util.List;

/**
 * A conditional write lost: the state it was decided on changed underneath (another request won a
 * race). Services catch it, re-read and decide again; it never reaches a client.
 */
public final class ConcurrentChangeException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<String> reasons;

  ConcurrentChangeException(List<String> reasons, Throwable cause) {
    super("conditional write lost a race: " + reasons, cause);
    this.reasons = List.copyOf(reasons);
  }

  ConcurrentChangeException(String what) {
    super(what);
    this.reasons = List.of();
  }

  /** Whether the transaction's action at {@code index} (request order) failed its condition. */
  public boolean failedAt(int index) {
    return index < reasons.size() && "ConditionalCheckFailed".equals(reasons.get(index));
  }

  /** DynamoDB's cancellation reason per item of the transaction, in request order. */
  public List<String> reasons() {
    return reasons;
  }
}
