package io.usersroles.store;

import java.util.function.Supplier;

/**
 * The one retry loop for optimistic writes: run an attempt (read, decide, conditional write); when it
 * loses a race ({@link ConcurrentChangeException}) pause with jitter and run it again from the read.
 * The last loss propagates, and the HTTP layer answers it with 409.
 */
public final class OptimisticRetry {
  /** Enough for the contention one org sees; each retry re-reads, so a decision is never stale. */
  public static final int ATTEMPTS = 5;

  private OptimisticRetry() {}

  public static <T> T get(Supplier<T> attempt) {
    return get(ATTEMPTS, attempt);
  }

  public static <T> T get(int attempts, Supplier<T> attempt) {
    for (int tried = 1; ; tried++) {
      try {
        return attempt.get();
      } catch (ConcurrentChangeException raced) {
        if (tried >= attempts) {
          throw raced;
        }
        Backoff.pause(tried);
      }
    }
  }

  public static void run(Runnable attempt) {
    get(ATTEMPTS, () -> {
      attempt.run();
      return null;
    });
  }
}
