package io.usersroles.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Which of an org's audit events to list: all of them, or those of one action, one actor, naming one
 * target, at or after {@code since}, before {@code until}.
 */
public record AuditQuery(Optional<AuditAction> action, Optional<String> actorId, Optional<String> targetId,
    Optional<Instant> since, Optional<Instant> until) {
  public static final AuditQuery ALL =
      new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public AuditQuery {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(actorId, "actorId");
    Objects.requireNonNull(targetId, "targetId");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
  }

  /** Whether the list leaves events out by what they hold (not only by time, which the key orders). */
  public boolean filtersContent() {
    return action.isPresent() || actorId.isPresent() || targetId.isPresent();
  }

  /** The list's scope for its cursors: a cursor of one query does not continue another. */
  public String scope() {
    return "action=" + action.map(AuditAction::wireName).orElse("") + "&actor=" + actorId.orElse("")
        + "&target=" + targetId.orElse("") + "&since=" + since.map(Instant::toString).orElse("")
        + "&until=" + until.map(Instant::toString).orElse("");
  }
}
