package io.usersroles.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The retry budgets the deployed clients are built with (AwsClients.build, the same code path as
 * forLambda), measured against a local endpoint that throttles every request: DynamoDB gives up after
 * 5 attempts and SES after 3, each well inside API Gateway's 29 s, with the real waits.
 */
class RetryBudgetTest {
  @Test
  void aThrottledDynamoDbIsTriedFiveTimesWithinAboutASecondAndAHalf() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    HttpServer endpoint = throttling(attempts, 400, "{\"__type\":"
        + "\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\",\"message\":\"slow down\"}");
    try {
      AwsClients clients = AwsClients.forLocalEngines(settings(endpoint));
      long started = System.nanoTime();
      assertThatThrownBy(() -> clients.dynamoDb().describeTable(r -> r.tableName("t")))
          .isInstanceOf(SdkException.class);
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(attempts.get()).isEqualTo(AwsClients.RetryBudget.DYNAMODB.maxAttempts()).isEqualTo(5);
      assertThat(took).as("waits of the throttling backoff, capped").isLessThan(Duration.ofSeconds(5));
    } finally {
      endpoint.stop(0);
    }
  }

  @Test
  void aThrottledSesIsTriedThreeTimes() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    HttpServer endpoint = throttling(attempts, 429, "{\"message\":\"Maximum sending rate exceeded.\"}");
    try {
      AwsClients clients = AwsClients.forLocalEngines(settings(endpoint));
      assertThatThrownBy(() -> clients.ses().getAccount(r -> { }))
          .isInstanceOf(SdkException.class);

      assertThat(attempts.get()).isEqualTo(AwsClients.RetryBudget.SES.maxAttempts()).isEqualTo(3);
    } finally {
      endpoint.stop(0);
    }
  }

  private static HttpServer throttling(AtomicInteger attempts, int status, String body) throws Exception {
    HttpServer endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    endpoint.createContext("/", exchange -> {
      attempts.incrementAndGet();
      exchange.getRequestBody().readAllBytes();
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
      exchange.getResponseHeaders().add("x-amzn-ErrorType", status == 429 ? "TooManyRequestsException" : "");
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    endpoint.start();
    return endpoint;
  }

  private static Settings settings(HttpServer endpoint) {
    String url = "http://127.0.0.1:" + endpoint.getAddress().getPort();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_REGION", "us-east-1");
    env.put("TABLE_NAME", "t");
    env.put("DYNAMODB_ENDPOINT", url);
    env.put("SES_ENDPOINT", url);
    env.put("SENDER_ADDRESS", "invitations@example.test");
    env.put("ACCEPT_URL_BASE", "https://app.example.test/invitations/accept");
    env.put("JWKS_URL", "https://issuer.example.test/.well-known/jwks.json");
    env.put("JWT_ISSUER", "https://issuer.example.test");
    env.put("JWT_AUDIENCE", "users-and-roles");
    // never read here: no client these tests build derives a key
    env.put("SERVER_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:server-secret-AbCdEf");
    return Settings.fromEnvironment(env);
  }
}
