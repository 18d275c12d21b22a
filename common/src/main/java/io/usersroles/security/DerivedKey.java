package io.usersroles.security;

import io.usersroles.config.ServerSecret;

/**
 * A key derived from the server secret for one purpose, on its first use. Deriving late means the
 * secret is read (once per execution environment, see {@link ServerSecret}) only by a function whose
 * request needs a key: one that pages a list, signs an invitation link or stores an idempotent answer.
 * A function that does none of these neither reads the secret nor is allowed to.
 */
public final class DerivedKey {
  private final ServerSecret secret;
  private final String purpose;
  private volatile byte[] key;

  public DerivedKey(ServerSecret secret, String purpose) {
    this.secret = secret;
    this.purpose = purpose;
  }

  /** The key's bytes; not to be modified. */
  public byte[] bytes() {
    byte[] result = key;
    if (result == null) {
      synchronized (this) {
        result = key;
        if (result == null) {
          result = Crypto.deriveKey(secret.bytes(), purpose);
          key = result;
        }
      }
    }
    return result;
  }
}
