package io.usersroles.functions.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import io.usersroles.config.AwsClients;
import io.usersroles.config.Settings;
import io.usersroles.engines.LocalIdentityProvider;
import io.usersroles.engines.gateway.HttpApiGateway;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.FunctionsComponent;
import io.usersroles.functions.LocalApiGateway;
import io.usersroles.functions.http.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AuthenticationTest {
  private static final Api API = new Api();

  private static JWTClaimsSet.Builder valid() {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(LocalIdentityProvider.ISSUER)
        .audience(LocalIdentityProvider.AUDIENCE)
        .subject("usr_someone")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
        .claim("email", "someone@example.test")
        .claim("email_verified", true);
  }

  private static String signed(UnaryOperator<JWTClaimsSet.Builder> change) {
    return "Bearer " + API.env.identityProvider().sign(change.apply(valid()).build());
  }

  static Stream<Arguments> refusedCredentials() {
    Instant past = Instant.now().minus(Duration.ofHours(2));
    return Stream.of(
        Arguments.of("no header", null),
        Arguments.of("empty header", ""),
        Arguments.of("basic scheme", "Basic dXNlcjpwYXNz"),
        Arguments.of("bearer without token", "Bearer "),
        Arguments.of("not a JWT", "Bearer not-a-jwt"),
        Arguments.of("expired", signed(b -> b.issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(60))))),
        Arguments.of("wrong issuer", signed(b -> b.issuer("https://evil.example"))),
        Arguments.of("wrong audience", signed(b -> b.audience("someone-else"))),
        Arguments.of("no subject", signed(b -> b.subject(null))),
        Arguments.of("no expiry", signed(b -> b.expirationTime(null))),
        Arguments.of("unknown signing key", "Bearer " + LocalIdentityProvider.signWithUnknownKey(valid().build())),
        Arguments.of("tampered payload", tampered()),
        Arguments.of("alg none", "Bearer eyJhbGciOiJub25lIn0." + java.util.Base64.getUrlEncoder().withoutPadding()
            .encodeToString(valid().build().toString().getBytes()) + "."));
  }

  private static String tampered() {
    String token = API.env.identityProvider().sign(valid().build());
    String[] parts = token.split("\\.");
    String payload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        valid().subject("usr_admin").build().toString().getBytes());
    return "Bearer " + parts[0] + "." + payload + "." + parts[2];
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedCredentials")
  void everyRouteAnswers401ProblemJsonToCredentialsThatDoNotVerify(String why, String authorization) {
    for (String[] route : new String[][] {{"POST", "/orgs"}, {"GET", "/orgs/org_x"}, {"POST", "/invitations/accept"},
        {"GET", "/orgs/org_x/users"}, {"GET", "/orgs/org_x/invitations"}}) {
      Response response = API.call(authorization, route[0], route[1], "{\"name\":\"Acme\"}");
      assertThat(response.status()).as(why + " " + route[1]).isEqualTo(401);
      assertThat(response.contentType()).isEqualTo("application/problem+json");
      assertThat(response.headers()).containsEntry("WWW-Authenticate", "Bearer");
    }
  }

  /** Every detail a refused bearer token may get: the product's own words, never the JWT library's. */
  private static final List<String> OUR_WORDS = List.of(
      "Missing Authorization header",
      "The Authorization header must be 'Bearer <token>'",
      "The bearer token is empty",
      "The bearer token is not a well-formed JWT",
      "The bearer token's signature does not verify",
      "The bearer token is not accepted: it has expired, is not yet valid, or its issuer, audience or required "
          + "claims are not this service's",
      "The bearer token could not be verified");

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedCredentials")
  void aRefusedTokenIsExplainedInOurWordsNotTheLibrarys(String why, String authorization) {
    Response response = API.call(authorization, "GET", "/orgs/org_x", null);
    assertThat(response.status()).as(why).isEqualTo(401);
    assertThat(response.json().get("detail").asText()).as(why).isIn(OUR_WORDS);
  }

  @Test
  void aValidTokenWithCognitoStyleGroupsAndStringVerifiedFlagIsAccepted() {
    Response created = API.call(signed(b -> b.claim("email_verified", "true").claim("cognito:groups", List.of("a"))),
        "POST", "/orgs", "{\"name\":\"Acme\"}");
    assertThat(created.status()).isEqualTo(201);
  }

  @Test
  void theGroupsClaimIsConfigurableSoCognitoGroupsReachThePrincipal() throws Exception {
    Settings base = API.settings;
    Settings cognito = new Settings(base.region(), base.tableName(), base.dynamoDbEndpoint(), base.sesEndpoint(),
        base.senderAddress(), base.acceptUrlBase(), base.productName(), base.jwksUrl(), base.jwtIssuer(),
        base.jwtAudience(), "cognito:groups", base.invitationTtl(), base.serverSecret());
    HttpApiGateway gateway = LocalApiGateway.of(FunctionsComponent.builder().settings(cognito).clock(API.clock)
        .clients(AwsClients.of(API.env.dynamoDbClient(), API.env.sesClient())).build());
    String authorization = signed(b -> b.claim("cognito:groups", List.of("admins", "dev")).claim("groups", List.of("x")));
    ObjectNode event = Json.object().put("version", "2.0").put("type", "REQUEST");
    event.putArray("identitySource").add(authorization);
    JsonNode answer = Json.read(gateway.invoke("AuthorizerFunction", Json.bytes(event)));
    assertThat(answer.path("isAuthorized").asBoolean()).as(answer.toString()).isTrue();
    assertThat(Json.read(answer.path("context").path("groups").asText()))
        .extracting(JsonNode::asText).containsExactly("admins", "dev");
  }

  @Test
  void bearerSchemeIsCaseInsensitive() {
    String token = API.user("case").token();
    assertThat(API.call("bearer " + token, "POST", "/orgs", "{\"name\":\"Acme\"}").status()).isEqualTo(201);
  }

  @Test
  void unknownRoutesAnswer404() {
    Response response = API.call(API.user("lost"), "GET", "/nowhere");
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.contentType()).isEqualTo("application/problem+json");
  }
}
