package io.usersroles.service;

import io.usersroles.domain.AuditAction;
import io.usersroles.domain.AuditEvent;
import io.usersroles.domain.EmailDelivery;
import io.usersroles.domain.Ids;
import io.usersroles.domain.Invitation;
import io.usersroles.store.InvitationStore;
import io.usersroles.store.OptimisticRetry;
import io.usersroles.store.VersionedInvitation;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Records what SES reports about invitation emails (a bounce, a complaint) on the invitation the email
 * was sent for, as {@code delivery}: such an invitation gets no more reminders. SES reports each email
 * at least once and in no particular order, so a report that changes nothing (the same one again, a
 * bounce after a complaint) writes nothing; a report for an invitation that is unknown or no longer open
 * is dropped. A change is an {@code invitation.updated} event of the system actor {@value #SYSTEM_ACTOR}
 * with the {@code delivery} change, in the same transaction.
 */
@Singleton
public final class EmailFeedbackService {
  /** The actor of the audit events this records. */
  public static final String SYSTEM_ACTOR = "email-feedback";

  /** What a report did. */
  public enum Outcome {
    /** The invitation now has the report's delivery. */
    RECORDED,
    /** The invitation already had it (or a complaint, which a bounce does not replace). */
    UNCHANGED,
    /** No open invitation has that id in that org: unknown, accepted, cancelled, declined or expired. */
    NOT_OPEN
  }

  private final InvitationStore invitations;
  private final Clock clock;

  @Inject
  public EmailFeedbackService(InvitationStore invitations, Clock clock) {
    this.invitations = invitations;
    this.clock = clock;
  }

  /** Records {@code delivery} on invitation {@code invitationId} of {@code orgId}, in request {@code requestId}. */
  public Outcome record(String orgId, String invitationId, EmailDelivery delivery, String requestId) {
    return OptimisticRetry.get(() -> {
      Optional<VersionedInvitation> found = invitations.find(orgId, invitationId).filter(VersionedInvitation::open);
      if (found.isEmpty()) {
        return Outcome.NOT_OPEN;
      }
      Invitation current = found.get().invitation();
      if (!EmailDelivery.changes(current.delivery(), delivery)) {
        return Outcome.UNCHANGED;
      }
      Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
      AuditEvent event = new AuditEvent(Ids.newAuditEventId(), orgId, now, AuditEvent.Actor.system(SYSTEM_ACTOR),
          AuditAction.INVITATION_UPDATED, List.of(AuditEvent.Target.invitation(current)), Map.of(), requestId)
          .withChange("delivery", current.delivery() == null ? null : current.delivery().wireName(),
              delivery.wireName());
      invitations.recordDelivery(found.get(), delivery, event);
      return Outcome.RECORDED;
    });
  }
}
