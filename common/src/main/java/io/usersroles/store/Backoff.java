package io.usersroles.store;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/** Full-jitter exponential pauses between optimistic-locking retries, so racing writers spread out. */
public final class Backoff {
  private static final long BASE_MILLIS = 4;
  private static final long CAP_MILLIS = 100;
  /**
   * Not ThreadLocalRandom: under SnapStart every environment restored from one snapshot would hold
   * the same per-thread seeds, and racing retries from those environments would wait in lockstep.
   */
  private static final SecureRandom JITTER = new SecureRandom();

  private Backoff() {}

  /** Sleeps a random time below min(cap, base * 2^attempt). */
  public static void pause(int attempt) {
    long ceiling = Math.min(CAP_MILLIS, BASE_MILLIS << Math.min(attempt, 10));
    try {
      TimeUnit.MILLISECONDS.sleep(JITTER.nextInt((int) ceiling + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConcurrentChangeException("interrupted while waiting to retry");
    }
  }
}
