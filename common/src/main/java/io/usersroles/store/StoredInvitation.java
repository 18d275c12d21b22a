package io.usersroles.store;

import io.usersroles.domain.Invitation;

/**
 * An invitation as stored: the domain view plus what a conditional write needs (where it lives, the
 * version it was read at, the link nonce and token hash).
 */
public record StoredInvitation(Invitation invitation, String addressKey, boolean open, String tokenNonce,
    String tokenHash, int remindersSent, long version) {}
