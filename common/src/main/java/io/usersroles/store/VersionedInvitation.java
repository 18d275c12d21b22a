package io.usersroles.store;

import io.usersroles.domain.Invitation;

/**
 * An invitation as stored: the domain view plus what a conditional write needs (where it lives, the
 * version it was read at, the link nonce and token hash). {@code emailPending} marks an open
 * invitation whose last email SES did not take: the reminder job sends it on its next run.
 */
public record VersionedInvitation(Invitation invitation, String addressKey, boolean open, String tokenNonce,
    String tokenHash, int remindersSent, long version, boolean emailPending) {

  /** An invitation whose emails went out as recorded. */
  public VersionedInvitation(Invitation invitation, String addressKey, boolean open, String tokenNonce,
      String tokenHash, int remindersSent, long version) {
    this(invitation, addressKey, open, tokenNonce, tokenHash, remindersSent, version, false);
  }

  /** Only an open invitation (in its address's slot) may be written as one. */
  void requireOpen() {
    if (!open) {
      throw new IllegalArgumentException("invitation " + invitation.id() + " is not open");
    }
  }
}
