package io.usersroles.functions.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import io.usersroles.engines.LocalIdentityProvider;
import io.usersroles.engines.SesEmulator;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.testing.TestEnvironment;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The identity claims a JWT carries ({@code sub}, {@code email}, {@code name}) must be well-formed
 * Unicode, or the token is refused (401): a subject with half a surrogate pair would be stored as
 * {@code ?} and could be another user's. A name's control and bidirectional characters are removed
 * before the name is stored, listed or put in an invitation email.
 */
class IdentityClaimsTest {
  private static final Api API = new Api();
  /** CR, LF, NUL, BEL, the bidi override, isolate and marks, and a line separator. */
  private static final String DIRTY_NAME = "Ann\r\nBcc: eve@example.com\u0000 \u202eLiam\u2066\u200f\u061c\u0007\u200e"
      + "\u202a\u2069\u2028 Smith\t";
  private static final String CLEAN_NAME = "AnnBcc: eve@example.com Liam Smith";

  /** A token signed over {@code claimsJson} exactly as written (escapes and all). */
  private static String signedJson(String claimsJson) {
    return signedBytes(claimsJson.getBytes(StandardCharsets.UTF_8));
  }

  private static String signedBytes(byte[] claims) {
    return "Bearer " + API.env.identityProvider().signPayload(claims);
  }

  /** Valid claims with {@code sub}, {@code email} and {@code name} given as JSON (string literals, escapes allowed). */
  private static String claims(String sub, String email, String name) {
    long now = Instant.now().getEpochSecond();
    return "{\"iss\":\"" + LocalIdentityProvider.ISSUER + "\",\"aud\":\"" + LocalIdentityProvider.AUDIENCE
        + "\",\"sub\":" + sub + ",\"iat\":" + now + ",\"exp\":" + (now + 600) + ",\"email\":" + email
        + ",\"email_verified\":true" + (name == null ? "" : ",\"name\":" + name) + "}";
  }

  private static String someEmail() {
    return "\"" + TestEnvironment.uniqueEmail("claims") + "\"";
  }

  @Test
  void aSubjectWithHalfASurrogatePairIs401SoItCannotPassForAnotherOne() {
    for (String sub : List.of("\"usr_twin\\ud800\"", "\"usr_twin\\udbff\"", "\"\\udc00usr_twin\"")) {
      Response response = API.call(signedJson(claims(sub, someEmail(), null)), "POST", "/orgs", "{\"name\":\"Twins\"}");
      assertUnauthenticated(sub, response);
    }
  }

  @Test
  void anEmailOrANameWithHalfASurrogatePairIs401() {
    assertUnauthenticated("email", API.call(signedJson(claims("\"usr_email_claim\"", "\"ann\\ud800@example.com\"",
        null)), "POST", "/orgs", "{\"name\":\"Acme\"}"));
    assertUnauthenticated("name", API.call(signedJson(claims("\"usr_name_claim\"", someEmail(), "\"Ann \\udc00\"")),
        "POST", "/orgs", "{\"name\":\"Acme\"}"));
  }

  @Test
  void claimsThatAreNotUtf8Are401() {
    ByteArrayOutputStream claims = new ByteArrayOutputStream();
    String json = claims("\"usr_bytes_X\"", someEmail(), null);
    int at = json.indexOf("_X") + 1;
    claims.writeBytes(json.substring(0, at).getBytes(StandardCharsets.UTF_8));
    claims.write(0xff); // read leniently, this would be U+FFFD, the same for every malformed byte
    claims.writeBytes(json.substring(at).getBytes(StandardCharsets.UTF_8));
    assertUnauthenticated("bytes", API.call(signedBytes(claims.toByteArray()), "POST", "/orgs", "{\"name\":\"Acme\"}"));
  }

  @Test
  void aNameLosesItsControlAndBidiCharactersBeforeItIsStoredListedOrEmailed() {
    String ownerEmail = TestEnvironment.uniqueEmail("dirty-owner");
    String owner = token(ownerEmail, DIRTY_NAME);
    Response created = API.call(owner, "POST", "/orgs", "{\"name\":\"Clean Co\"}");
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    String orgId = created.json().get("orgId").asText();

    String inviteeEmail = TestEnvironment.uniqueEmail("dirty-invitee");
    Response invited = API.call(owner, "POST", "/orgs/" + orgId + "/invitations",
        "{\"emails\":[\"" + inviteeEmail + "\"]}");
    assertThat(invited.status()).as(invited.json().toString()).isEqualTo(200);
    List<SesEmulator.SentEmail> emails = API.emailsTo(inviteeEmail);
    assertThat(emails).hasSize(1);
    SesEmulator.SentEmail email = emails.get(0);
    assertThat(email.subject()).startsWith(CLEAN_NAME + " invited you");
    assertThat(email.text()).contains(CLEAN_NAME + " invited you");
    assertThat(email.html()).contains(CLEAN_NAME + "</strong>");
    for (String text : List.of(email.subject(), email.text(), email.html())) {
      assertThat(text).doesNotContain("\r\nBcc", "\u0000", "\u202e", "\u2066", "\u200f", "\u061c", "\u0007", "\u2028");
    }

    String invitee = token(inviteeEmail, "\u202eBob\u0000\n");
    Response accepted = API.call(invitee, "POST", "/invitations/accept",
        Api.json("token", Api.tokenOf(email)));
    assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(200);

    Response users = API.call(owner, "GET", "/orgs/" + orgId + "/users", null);
    assertThat(users.status()).isEqualTo(200);
    assertThat(users.json().get("items")).extracting(user -> user.path("name").asText())
        .contains(CLEAN_NAME, "Bob");
    for (JsonNode user : users.json().get("items")) {
      assertThat(user.path("name").asText())
          .doesNotContainPattern("[\\p{Cc}\\u202a-\\u202e\\u2066-\\u2069\\u200e\\u200f\\u061c\\u2028\\u2029]");
    }
  }

  private static String token(String email, String name) {
    Instant now = Instant.now();
    return "Bearer " + API.env.identityProvider().sign(new JWTClaimsSet.Builder()
        .issuer(LocalIdentityProvider.ISSUER).audience(LocalIdentityProvider.AUDIENCE)
        .subject(LocalIdentityProvider.userIdFor(email)).issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(600))).claim("email", email).claim("email_verified", true)
        .claim("name", name).build());
  }

  private static void assertUnauthenticated(String what, Response response) {
    assertThat(response.status()).as(what + ": " + response.json()).isEqualTo(401);
    assertThat(response.contentType()).isEqualTo("application/problem+json");
    assertThat(response.json().get("type").asText()).isEqualTo("urn:users-and-roles:problem:unauthenticated");
  }
}
