package io.usersroles.store;

import io.usersroles.domain.Invitation;

/** An invitation about to be created in the slot of {@code addressKey}, with its link's nonce and hash. */
public record NewInvitation(Invitation invitation, String addressKey, String tokenNonce, String tokenHash) {}
