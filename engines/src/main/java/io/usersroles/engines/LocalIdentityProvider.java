package io.usersroles.engines;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;

/**
 * The local stand-in for an identity provider: an RSA key (generated on first start and kept in the
 * data folder), its public JWKS written next to it for the authenticator to read, and a minting
 * function for signed RS256 JWTs. Tokens are issued in real time, never on the domain clock.
 */
public final class LocalIdentityProvider {
  public static final String ISSUER = "urn:users-and-roles:local-issuer";
  public static final String AUDIENCE = "users-and-roles";
  /** How long a minted token stays valid. */
  public static final Duration TOKEN_LIFETIME = Duration.ofHours(12);

  private final RSAKey key;
  private final Path jwksFile;

  private LocalIdentityProvider(RSAKey key, Path jwksFile) {
    this.key = key;
    this.jwksFile = jwksFile;
  }

  /** Loads the key kept in {@code folder}, or generates and keeps one; writes the public JWKS there. */
  public static LocalIdentityProvider inFolder(Path folder) {
    try {
      Files.createDirectories(folder);
      Path keyFile = folder.resolve("issuer-key.json");
      RSAKey key;
      if (Files.exists(keyFile)) {
        key = RSAKey.parse(Files.readString(keyFile, StandardCharsets.UTF_8));
      } else {
        key = generateKey();
        writeAtomically(keyFile, key.toJSONString());
      }
      Path jwks = folder.resolve("jwks.json");
      writeAtomically(jwks, new JWKSet(key.toPublicJWK()).toString());
      return new LocalIdentityProvider(key, jwks);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the local issuer key in " + folder, e);
    } catch (ParseException e) {
      throw new IllegalStateException("the local issuer key in " + folder + " is damaged; delete it", e);
    }
  }

  /** A throwaway provider in a temporary folder (tests). */
  public static LocalIdentityProvider temporary() {
    try {
      Path folder = Files.createTempDirectory("users-and-roles-idp");
      folder.toFile().deleteOnExit();
      return inFolder(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("no temporary folder", e);
    }
  }

  /** The {@code file:} URL of the public key set, for {@code JWKS_URL}. */
  public URI jwksUrl() {
    return jwksFile.toUri();
  }

  /** A minted token and the user id it names. */
  public record Token(String token, String userId) {}

  /** A token for {@code email}: the same email always gets the same user id. */
  public Token mint(String email, List<String> groups, boolean emailVerified) {
    String userId = userIdFor(email);
    Instant now = Instant.now();
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .subject(userId)
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
        .claim("email", email)
        .claim("email_verified", emailVerified)
        .claim("groups", groups)
        .build();
    return new Token(sign(claims), userId);
  }

  /** Signs arbitrary claims with the issuer's key (tests build expired, foreign or odd tokens with it). */
  public String sign(JWTClaimsSet claims) {
    return sign(claims, key);
  }

  /**
   * Signs {@code payload}, the claims' JSON as bytes, exactly as given: tests build tokens no claims
   * builder would write, such as a {@code \ud800} escape or bytes that are not UTF-8.
   */
  public String signPayload(byte[] payload) {
    try {
      JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
          .keyID(key.getKeyID()).build(), new Payload(payload));
      jws.sign(new RSASSASigner(key));
      return jws.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign with the local issuer key", e);
    }
  }

  /** Signs with a freshly generated key the authenticator does not know. */
  public static String signWithUnknownKey(JWTClaimsSet claims) {
    return sign(claims, generateKey());
  }

  /** The user id the local issuer gives an email address. */
  public static String userIdFor(String email) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(("local-user\n" + email.strip().toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8));
      return "usr_" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String sign(JWTClaimsSet claims, RSAKey signingKey) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
          .keyID(signingKey.getKeyID()).build(), claims);
      jwt.sign(new RSASSASigner(signingKey));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign with the local issuer key", e);
    }
  }

  private static RSAKey generateKey() {
    try {
      return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
          .keyIDFromThumbprint(true).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an RSA key", e);
    }
  }

  private static void writeAtomically(Path file, String content) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temporary, content, StandardCharsets.UTF_8);
    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
