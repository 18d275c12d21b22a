package io.usersroles.domain;

import java.time.Instant;
import java.util.List;

/**
 * An invitation to join an organisation. {@code status} is what is recorded; a recorded
 * {@code PENDING} invitation whose expiry has passed is {@code EXPIRED} in every answer, whether or
 * not the reminder job has recorded that yet ({@link #statusAt}). {@code delivery} is what SES reported
 * about its email ({@code null}: nothing).
 */
public record Invitation(
    String id,
    String orgId,
    String email,
    List<String> roles,
    InvitationStatus status,
    String invitedBy,
    Instant createdAt,
    Instant expiresAt,
    Instant lastSentAt,
    int sendCount,
    Instant acceptedAt,
    String acceptedBy,
    EmailDelivery delivery) {

  public Invitation {
    roles = List.copyOf(roles);
  }

  /** An invitation without a delivery report. */
  public Invitation(String id, String orgId, String email, List<String> roles, InvitationStatus status,
      String invitedBy, Instant createdAt, Instant expiresAt, Instant lastSentAt, int sendCount, Instant acceptedAt,
      String acceptedBy) {
    this(id, orgId, email, roles, status, invitedBy, createdAt, expiresAt, lastSentAt, sendCount, acceptedAt,
        acceptedBy, null);
  }

  /** The status as of {@code now}: recorded status, with expiry applied. */
  public InvitationStatus statusAt(Instant now) {
    if (status == InvitationStatus.PENDING && !now.isBefore(expiresAt)) {
      return InvitationStatus.EXPIRED;
    }
    return status;
  }

  /** This invitation as seen at {@code now}. */
  public Invitation asOf(Instant now) {
    InvitationStatus effective = statusAt(now);
    return effective == status ? this : new Invitation(id, orgId, email, roles, effective, invitedBy, createdAt,
        expiresAt, lastSentAt, sendCount, acceptedAt, acceptedBy, delivery);
  }

  /** Whether SES reported that its email bounced or was marked as spam: it gets no reminders. */
  public boolean deliveryFailed() {
    return delivery != null;
  }
}
