package io.usersroles.functions.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.usersroles.config.Settings;
import io.usersroles.engines.FreePort;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.testing.EnginesWith;
import io.usersroles.testing.FaultInjector;
import io.usersroles.testing.TestEnvironment;
import java.net.URI;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * When the authorizer cannot check credentials for now (DynamoDB throttled past the SDK's retries
 * while it looks up a service-account secret, or the identity provider's keys out of reach), the
 * client gets a 503 problem with Retry-After, which it may retry, instead of API Gateway's 500 for a
 * failed authorizer; and nothing is done on its behalf.
 */
class AuthorizerUnavailableTest {
  @Test
  void aSecretThatCannotBeLookedUpForNowIs503WithRetryAfterNotAFailedAuthorizer() {
    FaultInjector dynamoDb = FaultInjector.dynamoDbThroughputExceeded("GetItem");
    Api api = new Api(new EnginesWith(TestEnvironment.get(), UnaryOperator.identity(), dynamoDb, null));
    User owner = api.user("owner");
    String orgId = api.createOrg(owner, "Throttled Auth Co");
    Response created = api.call(owner, "POST", "/orgs/" + orgId + "/service-accounts",
        "{\"name\":\"deployer\",\"roles\":[\"member\"]}");
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    String secret = "Bearer " + created.json().get("secret").asText();
    int items = api.itemCount();

    dynamoDb.arm();
    Response throttled = api.call(secret, "PATCH", "/orgs/" + orgId, "{\"name\":\"Renamed\"}");
    dynamoDb.disarm();

    assertThat(throttled.status()).as(throttled.json().toString()).isEqualTo(503);
    assertThat(throttled.contentType()).isEqualTo("application/problem+json");
    assertThat(throttled.headers()).containsKey("Retry-After");
    assertThat(throttled.json().get("type").asText()).isEqualTo("urn:users-and-roles:problem:service-unavailable");
    assertThat(api.itemCount()).isEqualTo(items);
    assertThat(api.call(owner, "GET", "/orgs/" + orgId).json().get("name").asText()).isEqualTo("Throttled Auth Co");
    // and once DynamoDB answers again, the same secret works
    assertThat(api.call(secret, "GET", "/orgs/" + orgId, null).status()).isEqualTo(200);
  }

  @Test
  void aTokenWhoseKeysCannotBeFetchedIs503NotA401() {
    URI nowhere = URI.create("http://127.0.0.1:" + FreePort.find() + "/.well-known/jwks.json");
    Api api = new Api(TestEnvironment.get(), settings -> new Settings(settings.region(), settings.tableName(),
        settings.dynamoDbEndpoint(), settings.sesEndpoint(), settings.senderAddress(), settings.acceptUrlBase(),
        settings.productName(), nowhere, settings.jwtIssuer(), settings.jwtAudience(), settings.groupsClaim(),
        settings.invitationTtl(), settings.serverSecret()));
    User someone = api.user("someone");

    Response response = api.call(someone, "POST", "/orgs", Api.json("name", "Acme"));

    assertThat(response.status()).as(response.json().toString()).isEqualTo(503);
    assertThat(response.headers()).containsKey("Retry-After");
    assertThat(response.json().get("type").asText())
        .isEqualTo("urn:users-and-roles:problem:identity-provider-unavailable");
  }
}
