package io.usersroles.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;

/**
 * The deployed functions find the execution role's credentials where Lambda puts them: in the
 * AWS_ACCESS_KEY_ID variables on demand, and with SnapStart at the local container-credentials
 * endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI plus an authorisation token), which is served here by
 * a real HTTP server the way Lambda serves it.
 */
class LambdaCredentialsTest {
  @Test
  void onDemandTheCredentialsComeFromTheEnvironmentVariables() {
    assertThat(AwsClients.lambdaCredentials(Map.of("AWS_ACCESS_KEY_ID", "AKIA")))
        .isInstanceOf(EnvironmentVariableCredentialsProvider.class);
  }

  @Test
  void withSnapStartTheCredentialsComeFromTheContainerEndpointWithItsToken() throws Exception {
    List<String> authorizations = new CopyOnWriteArrayList<>();
    HttpServer endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    endpoint.createContext("/2018-06-01/credentials", exchange -> {
      authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
      byte[] body = ("{\"AccessKeyId\":\"ASIAROLE\",\"SecretAccessKey\":\"role-secret\",\"Token\":\"role-session\","
          + "\"Expiration\":\"" + Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS) + "\"}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    endpoint.start();
    String uri = "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/2018-06-01/credentials";
    // the SDK reads these settings from system properties before the environment
    System.setProperty("aws.containerCredentialsFullUri", uri);
    System.setProperty("aws.containerAuthorizationToken", "lambda-token");
    try {
      AwsCredentialsProvider provider = AwsClients.lambdaCredentials(Map.of(
          AwsClients.CONTAINER_CREDENTIALS_URI, uri, "AWS_CONTAINER_AUTHORIZATION_TOKEN", "lambda-token"));

      AwsCredentials credentials = provider.resolveCredentials();

      assertThat(credentials.accessKeyId()).isEqualTo("ASIAROLE");
      assertThat(credentials.secretAccessKey()).isEqualTo("role-secret");
      assertThat(credentials).isInstanceOfSatisfying(AwsSessionCredentials.class,
          session -> assertThat(session.sessionToken()).isEqualTo("role-session"));
      assertThat(authorizations).isNotEmpty().allMatch("lambda-token"::equals);
    } finally {
      System.clearProperty("aws.containerCredentialsFullUri");
      System.clearProperty("aws.containerAuthorizationToken");
      endpoint.stop(0);
    }
  }
}
