package io.usersroles.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a pending invitation gets a reminder: {@code after} its last send, while it has had fewer than
 * {@code maxReminders}, and only before it expires. Its "due time" is when the reminder job must
 * next look at it: the next reminder while reminders remain, else its expiry (to record it expired).
 */
public record ReminderPolicy(Duration after, int maxReminders) {
  public ReminderPolicy {
    if (after.isNegative() || after.isZero()) {
      throw new IllegalArgumentException("the reminder delay must be positive");
    }
    if (maxReminders < 0) {
      throw new IllegalArgumentException("maxReminders must not be negative");
    }
  }

  /** When the next reminder is due, if the invitation has reminders left. */
  public Optional<Instant> nextReminderAt(Instant lastSentAt, int remindersSent) {
    return remindersSent < maxReminders ? Optional.of(lastSentAt.plus(after)) : Optional.empty();
  }

  /** When the job must next look at an open invitation: its next reminder or its expiry, whichever is first. */
  public Instant dueAt(Instant lastSentAt, int remindersSent, Instant expiresAt) {
    return nextReminderAt(lastSentAt, remindersSent).filter(at -> at.isBefore(expiresAt)).orElse(expiresAt);
  }

  /** Whether a pending invitation gets a reminder at {@code now}. */
  public boolean reminderDue(Invitation invitation, int remindersSent, Instant now) {
    return invitation.statusAt(now) == InvitationStatus.PENDING
        && nextReminderAt(invitation.lastSentAt(), remindersSent).map(at -> !at.isAfter(now)).orElse(false);
  }
}
