package io.usersroles.security;

import io.usersroles.config.Settings;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Invitation link tokens. A token is the HMAC, under a key derived from the server secret, of the
 * invitation id and a per-link random nonce (128 bits). The table stores the nonce and the token's
 * SHA-256, never the token: a table dump yields no working link, while the server can derive the
 * current link again (for a reminder) and a resend (new nonce) kills every earlier link.
 */
@Singleton
public final class InvitationLinks {
  private static final int NONCE_BYTES = 16;

  private final DerivedKey key;
  private final String acceptUrlBase;

  @Inject
  public InvitationLinks(Settings settings) {
    this.key = new DerivedKey(settings.serverSecret(), "invitation-links");
    this.acceptUrlBase = settings.acceptUrlBase();
  }

  /** A fresh nonce for a new link. */
  public String newNonce() {
    return Crypto.randomToken(NONCE_BYTES);
  }

  /** The link token of an invitation's current nonce: 256 bits, base64url (URL-safe). */
  public String token(String invitationId, String nonce) {
    return Crypto.base64url(Crypto.hmac(key.bytes(), "invitation-link\n" + invitationId + "\n" + nonce));
  }

  /** What the table stores and indexes for a token. */
  public String hashOf(String token) {
    return Crypto.hashOf(token);
  }

  /** The accept link for a token: {@code ACCEPT_URL_BASE?token=...}. */
  public String acceptUrl(String token) {
    return acceptUrlBase + (acceptUrlBase.contains("?") ? "&" : "?") + "token=" + token;
  }
}
