package io.usersroles.engines;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UTC clock that follows real time plus an offset that only moves forward: what the domain logic
 * sees in tests and on the local server, so expiry and reminders can be reached without waiting.
 */
public class AdjustableClock extends Clock {
  private final AtomicReference<Duration> offset;

  public AdjustableClock() {
    this(Duration.ZERO);
  }

  public AdjustableClock(Duration initialOffset) {
    if (initialOffset.isNegative()) {
      throw new IllegalArgumentException("the clock never runs behind real time");
    }
    this.offset = new AtomicReference<>(initialOffset);
  }

  /** Moves the clock forward by {@code by} and returns the new offset from real time. */
  public Duration advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("the clock only moves forward");
    }
    return offset.updateAndGet(current -> current.plus(by));
  }

  /** How far ahead of real time this clock is. */
  public Duration offset() {
    return offset.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the domain clock is UTC");
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset.get());
  }
}
