package io.usersroles.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.usersroles.config.Settings;
import io.usersroles.domain.DomainException;
import io.usersroles.domain.EmailAddress;
import io.usersroles.domain.Principal;
import io.usersroles.domain.Text;
import io.usersroles.security.Crypto;
import io.usersroles.security.ServiceAccountSecrets;
import io.usersroles.store.ServiceAccountStore;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Turns an {@code Authorization} header into a {@link Principal}: a service-account secret
 * ({@code uars_...}, looked up by hash) or a bearer JWT (RS256) verified
 * against the configured JWKS, issuer and audience. The same class runs in the deployed Lambda
 * authorizer and in front of every route of the local server.
 */
@Singleton
public final class Authenticator {
  private static final int MAX_HEADER_LENGTH = 16 * 1024;
  private static final int MAX_SUBJECT_LENGTH = 256;
  private static final int MAX_GROUPS = 200;
  private static final int MAX_GROUP_LENGTH = 256;

  private final DefaultJWTProcessor<SecurityContext> processor;
  private final String groupsClaim;
  private final ServiceAccountStore serviceAccounts;

  @Inject
  public Authenticator(Settings settings, ServiceAccountStore serviceAccounts) {
    this(jwkSource(settings.jwksUrl()), settings.jwtIssuer(), settings.jwtAudience(), settings.groupsClaim(),
        serviceAccounts);
  }

  Authenticator(JWKSource<SecurityContext> keys, String issuer, String audience, String groupsClaim,
      ServiceAccountStore serviceAccounts) {
    this.groupsClaim = groupsClaim;
    this.serviceAccounts = serviceAccounts;
    this.processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
    processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience,
        new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp", "iat")));
  }

  /** The caller named by {@code authorization}; unauthenticated for anything that does not verify. */
  public Principal authenticate(String authorization) {
    String token = bearerToken(authorization);
    if (ServiceAccountSecrets.isSecretShaped(token)) {
      return serviceAccount(token);
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ParseException e) {
      // our own words, never the library's: its messages describe the token's internals
      throw DomainException.unauthenticated("The bearer token is not a well-formed JWT");
    } catch (BadJWSException e) {
      throw DomainException.unauthenticated("The bearer token's signature does not verify");
    } catch (BadJOSEException e) {
      throw DomainException.unauthenticated(
          "The bearer token is not accepted: it has expired, is not yet valid, or its issuer, audience or "
              + "required claims are not this service's");
    } catch (KeySourceException e) {
      // the identity provider's keys could not be fetched: not the caller's fault, and it may pass
      throw DomainException.unavailable("identity-provider-unavailable",
          "The identity provider's keys could not be fetched; retry after the time in Retry-After");
    } catch (JOSEException e) {
      // the key set could not be used: not the caller's fault, but still no identity
      throw DomainException.unauthenticated("The bearer token could not be verified");
    }
    requireUtf8Payload(token);
    return toPrincipal(claims);
  }

  /**
   * 401 unless the signed claims are well-formed UTF-8. The JWT library decodes them leniently,
   * turning every malformed byte sequence into U+FFFD, so two different subjects could read as one.
   */
  private static void requireUtf8Payload(String token) {
    int first = token.indexOf('.');
    int second = token.indexOf('.', first + 1);
    try {
      byte[] payload = Base64.getUrlDecoder().decode(token.substring(first + 1, second));
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload));
    } catch (IllegalArgumentException | IndexOutOfBoundsException | CharacterCodingException e) {
      throw DomainException.unauthenticated("The token's claims are not well-formed UTF-8");
    }
  }

  /**
   * A machine: one strongly consistent read of the secret's pointer item, which exists only while the
   * secret is its account's current one, so rotation and deletion take effect on the next request.
   */
  private Principal serviceAccount(String secret) {
    if (!ServiceAccountSecrets.isWellFormed(secret)) {
      throw DomainException.unauthenticated("The service-account secret is malformed");
    }
    return serviceAccounts.ownerOfSecret(Crypto.hashOf(secret))
        .map(owner -> (Principal) new Principal.ServiceAccount(owner.serviceAccountId(), owner.orgId()))
        .orElseThrow(() -> DomainException.unauthenticated("The service-account secret is not valid"));
  }

  /**
   * The user the claims name. {@code sub}, {@code email} and {@code name} must be well-formed Unicode
   * (no half of a surrogate pair, which an escape in the JSON can produce): stored, such a subject
   * would read as {@code ?} and could be another user's. The name loses control and bidirectional
   * characters ({@link Text#personName}) before anything stores, lists or emails it.
   */
  private Principal toPrincipal(JWTClaimsSet claims) {
    String subject = claims.getSubject();
    if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT_LENGTH
        || subject.chars().anyMatch(Character::isISOControl) || !Text.isWellFormed(subject)) {
      throw DomainException.unauthenticated("The token's subject is not usable as a user id");
    }
    String email = null;
    Object rawEmail = claims.getClaim("email");
    if (rawEmail instanceof String) {
      if (!Text.isWellFormed((String) rawEmail)) {
        throw DomainException.unauthenticated("The token's email claim is not well-formed Unicode");
      }
      email = EmailAddress.parse((String) rawEmail).map(EmailAddress::value).orElse(null);
    }
    Object verified = claims.getClaim("email_verified");
    boolean emailVerified = Boolean.TRUE.equals(verified) || "true".equals(verified);
    String name = null;
    Object rawName = claims.getClaim("name");
    if (rawName instanceof String) {
      if (!Text.isWellFormed((String) rawName)) {
        throw DomainException.unauthenticated("The token's name claim is not well-formed Unicode");
      }
      name = Text.personName((String) rawName);
    }
    return new Principal.User(subject, email, emailVerified && email != null, name, groups(claims.getClaim(groupsClaim)));
  }

  private static List<String> groups(Object claim) {
    List<String> groups = new ArrayList<>();
    if (claim instanceof String) {
      for (String part : ((String) claim).split("[,\\s]+")) {
        addGroup(groups, part);
      }
    } else if (claim instanceof List) {
      for (Object element : (List<?>) claim) {
        if (element instanceof String) {
          addGroup(groups, (String) element);
        }
      }
    }
    return groups;
  }

  private static void addGroup(List<String> groups, String group) {
    if (!group.isBlank() && group.length() <= MAX_GROUP_LENGTH && groups.size() < MAX_GROUPS
        && !groups.contains(group)) {
      groups.add(group);
    }
  }

  /** The token of a {@code Bearer} header (scheme case-insensitive, as RFC 6750 allows). */
  public static String bearerToken(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw DomainException.unauthenticated("Missing Authorization header");
    }
    if (authorization.length() > MAX_HEADER_LENGTH) {
      throw DomainException.unauthenticated("The Authorization header is too long");
    }
    String trimmed = authorization.strip();
    int space = trimmed.indexOf(' ');
    if (space < 0 || !trimmed.substring(0, space).equalsIgnoreCase("Bearer")) {
      throw DomainException.unauthenticated("The Authorization header must be 'Bearer <token>'");
    }
    String token = trimmed.substring(space + 1).strip();
    if (token.isEmpty()) {
      throw DomainException.unauthenticated("The bearer token is empty");
    }
    return token;
  }

  /**
   * The key source for a JWKS URL: an https/http URL is fetched and cached (with refresh and outage
   * tolerance); a {@code file:} URL is read once (the local server's own issuer).
   */
  static JWKSource<SecurityContext> jwkSource(URI jwksUrl) {
    if ("file".equalsIgnoreCase(jwksUrl.getScheme())) {
      try {
        return new ImmutableJWKSet<>(JWKSet.load(new File(jwksUrl)));
      } catch (IOException | ParseException e) {
        throw new IllegalStateException("cannot read the key set " + jwksUrl, e);
      }
    }
    try {
      return JWKSourceBuilder.create(jwksUrl.toURL()).retrying(true).build();
    } catch (MalformedURLException e) {
      throw new UncheckedIOException("not a JWKS URL: " + jwksUrl, e);
    }
  }
}
