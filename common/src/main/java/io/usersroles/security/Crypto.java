package io.usersroles.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The few primitives the product needs: random bytes, SHA-256, HMAC-SHA256 and base64url. */
public final class Crypto {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();

  private Crypto() {}

  public static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /** {@code count} random bytes as unpadded base64url text. */
  public static String randomToken(int count) {
    return base64url(randomBytes(count));
  }

  public static String base64url(byte[] bytes) {
    return BASE64URL.encodeToString(bytes);
  }

  /** Decodes unpadded base64url; throws {@link IllegalArgumentException} on anything else. */
  public static byte[] fromBase64url(String text) {
    return BASE64URL_DECODER.decode(text);
  }

  public static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The unpadded base64url SHA-256 of a secret; what the table stores instead of the secret. */
  public static String hashOf(String secret) {
    return base64url(sha256(secret));
  }

  public static byte[] hmac(byte[] key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }

  /**
   * A key for one purpose derived from the server secret, so that a key used for cursors can never
   * produce a valid invitation link and vice versa.
   */
  public static byte[] deriveKey(byte[] serverSecret, String purpose) {
    return hmac(serverSecret, "users-and-roles/" + purpose);
  }

  /** Compares two secrets in time independent of where they differ. */
  public static boolean constantTimeEquals(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }
}
