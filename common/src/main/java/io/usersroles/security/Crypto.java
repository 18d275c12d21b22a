package io.usersroles.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** The few primitives the product needs: random bytes, SHA-256, HMAC-SHA256, AES-GCM and base64url. */
public final class Crypto {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder BASE64URL_DECODER = Base64.getUrlDecoder();

  private static final int GCM_NONCE_BYTES = 12;
  private static final int GCM_TAG_BITS = 128;

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

  /**
   * Encrypts with AES-GCM under a 256-bit key, binding {@code associatedData} (which must be given
   * again to open it): a random 96-bit nonce followed by the ciphertext and its 128-bit tag.
   */
  public static byte[] seal(byte[] key, byte[] plaintext, String associatedData) {
    byte[] nonce = randomBytes(GCM_NONCE_BYTES);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(GCM_TAG_BITS, nonce));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext);
      byte[] result = new byte[nonce.length + sealed.length];
      System.arraycopy(nonce, 0, result, 0, nonce.length);
      System.arraycopy(sealed, 0, result, nonce.length, sealed.length);
      return result;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has AES-GCM", e);
    }
  }

  /** Opens what {@link #seal} made; throws {@link IllegalArgumentException} if it was altered or moved. */
  public static byte[] open(byte[] key, byte[] sealed, String associatedData) {
    if (sealed.length < GCM_NONCE_BYTES + GCM_TAG_BITS / 8) {
      throw new IllegalArgumentException("too short to be sealed");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(GCM_TAG_BITS, sealed, 0, GCM_NONCE_BYTES));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(sealed, GCM_NONCE_BYTES, sealed.length - GCM_NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new IllegalArgumentException("sealed data does not verify", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has AES-GCM", e);
    }
  }

  /** Compares two secrets in time independent of where they differ. */
  public static boolean constantTimeEquals(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }
}
