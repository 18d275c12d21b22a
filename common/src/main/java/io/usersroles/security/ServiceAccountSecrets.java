package io.usersroles.security;

/**
 * Service-account secrets: 256 random bits behind a fixed prefix, so secret scanners (and people)
 * recognise a leaked one. Only {@link Crypto#hashOf} of a secret is ever stored.
 */
public final class ServiceAccountSecrets {
  /** "users-and-roles secret". */
  public static final String PREFIX = "uars_";
  private static final int RANDOM_BYTES = 32;
  private static final int ENCODED_LENGTH = 43;

  private ServiceAccountSecrets() {}

  public static String newSecret() {
    return PREFIX + Crypto.randomToken(RANDOM_BYTES);
  }

  /** Whether a bearer token has the shape of a secret (it is then never tried as a JWT). */
  public static boolean isSecretShaped(String token) {
    return token.startsWith(PREFIX);
  }

  /** Whether the text after the prefix is exactly what {@link #newSecret} makes. */
  public static boolean isWellFormed(String token) {
    if (!token.startsWith(PREFIX) || token.length() != PREFIX.length() + ENCODED_LENGTH) {
      return false;
    }
    for (int i = PREFIX.length(); i < token.length(); i++) {
      char c = token.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
        return false;
      }
    }
    return true;
  }
}
