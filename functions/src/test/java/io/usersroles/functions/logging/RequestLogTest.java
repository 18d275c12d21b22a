package io.usersroles.functions.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.engines.SesEmulator;
import io.usersroles.engines.gateway.LocalLambdaContext;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.Response;
import io.usersroles.functions.Api.User;
import io.usersroles.functions.http.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The structured logs: every invocation writes one JSON line with its request ids, route,
 * org, principal, status and latency, through SLF4J and java.util.logging; and through a whole flow
 * (tokens, invitation links, service-account secrets, emails) none of those secrets reaches a log.
 */
class RequestLogTest {
  private final List<String> lines = new ArrayList<>();
  private final Handler capture = new Handler() {
    private final JsonLogFormatter formatter = new JsonLogFormatter();

    @Override
    public void publish(LogRecord record) {
      if (isLoggable(record)) {
        synchronized (lines) {
          lines.add(formatter.format(record));
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void capture() {
    JsonLogging.install();
    root().addHandler(capture);
  }

  @AfterEach
  void release() {
    root().removeHandler(capture);
  }

  @Test
  void eachLineIsOneJsonObjectWithEscapedTextAndTheThreadsRequestFields() throws IOException {
    try (RequestLog log = RequestLog.start("aws-1", "test").with(RequestLog.ORG_ID, "org_\"quoted\"\n")) {
      LoggerFactory.getLogger("io.usersroles.test").warn("a \"tricky\" message\nwith a line break\u2028 and \t \u00e9",
          new IllegalStateException("boom"));
      log.finish(204);
    }
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
    assertThat(lines).hasSize(2).allSatisfy(line -> {
      assertThat(line).endsWith("\n");
      // plain ASCII: no consumer can see a line break in it (U+2028 is one to JavaScript)
      assertThat(line.substring(0, line.length() - 1)).matches("[\\x20-\\x7e]*");
    });
    JsonNode warning = Json.read(lines.get(0));
    assertThat(warning.path("level").asText()).isEqualTo("WARN");
    assertThat(warning.path("logger").asText()).isEqualTo("io.usersroles.test");
    assertThat(warning.path("message").asText()).isEqualTo("a \"tricky\" message\nwith a line break\u2028 and \t \u00e9");
    assertThat(warning.path("orgId").asText()).isEqualTo("org_\"quoted\"\n");
    assertThat(warning.path("error").path("type").asText()).isEqualTo(IllegalStateException.class.getName());
    assertThat(warning.path("error").path("stackTrace").asText()).contains("boom").contains("RequestLogTest");
    assertThat(warning.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    JsonNode request = Json.read(lines.get(1));
    assertThat(request.path("message").asText()).isEqualTo("request");
    assertThat(request.path("status").isInt()).isTrue();
    assertThat(request.path("status").asInt()).isEqualTo(204);
    assertThat(request.path("latencyMs").isIntegralNumber()).isTrue();
    assertThat(request.path("awsRequestId").asText()).isEqualTo("aws-1");
  }

  @Test
  void aWholeFlowLogsOneLinePerInvocationAndNoSecret() throws IOException {
    Api api = new Api();
    User owner = api.user("owner");
    User bob = api.user("bob");
    String org = api.createOrg(owner, "Logged");

    api.invite(owner, org, null, bob);
    SesEmulator.SentEmail invitation = api.emailsTo(bob.email()).get(0);
    String linkToken = Api.tokenOf(invitation);
    Response accepted = api.call(bob, "POST", "/invitations/accept", Api.json("token", linkToken));
    assertThat(accepted.status()).isEqualTo(200);

    Response account = api.call(owner, "POST", "/orgs/" + org + "/service-accounts",
        "{\"name\":\"robot\",\"roles\":[\"member\"]}");
    assertThat(account.status()).isEqualTo(201);
    String accountId = account.json().get("id").asText();
    String secret = account.json().get("secret").asText();
    assertThat(secret).startsWith("uars_");
    assertThat(api.call("Bearer " + secret, "GET", "/orgs/" + org, null).status()).isEqualTo(200);
    Response rotated = api.call(owner, "POST", "/orgs/" + org + "/service-accounts/" + accountId + "/secret", null);
    String newSecret = rotated.json().get("secret").asText();
    assertThat(api.call("Bearer " + secret, "GET", "/orgs/" + org, null).status()).isEqualTo(401);
    assertThat(api.call(owner, "POST", "/orgs/" + org + "/check", "{\"action\":\"members:view\"}").status())
        .isEqualTo(200);
    assertThat(api.call(api.user("stranger"), "GET", "/orgs/" + org).status()).isEqualTo(404);
    JsonNode direct = Json.read(api.gateway.invoke("CheckPermissionFunction",
        ("{\"orgId\":\"" + org + "\",\"principal\":{\"type\":\"user\",\"id\":\"" + bob.userId()
            + "\"},\"action\":\"members:view\"}").getBytes(StandardCharsets.UTF_8),
        new LocalLambdaContext("direct-1", "CheckPermissionFunction", Duration.ofSeconds(10))));
    assertThat(direct.path("allowed").asBoolean()).isTrue();
    api.gateway.invoke("InviteReminderFunction", "{}".getBytes(StandardCharsets.UTF_8),
        new LocalLambdaContext("job-1", "InviteReminderFunction", Duration.ofMinutes(15)));

    List<JsonNode> parsed = new ArrayList<>();
    for (String line : snapshot()) {
      parsed.add(Json.read(line));
    }
    List<JsonNode> requests = parsed.stream().filter(line -> "io.usersroles.request".equals(line.path("logger")
        .asText())).toList();

    // the authorizer and the route each write their line for an HTTP request
    JsonNode invite = only(requests, "POST /orgs/{orgId}/invitations");
    assertThat(invite.path("status").asInt()).isEqualTo(200);
    assertThat(invite.path("orgId").asText()).isEqualTo(org);
    assertThat(invite.path("principalId").asText()).isEqualTo(owner.userId());
    assertThat(invite.path("principalType").asText()).isEqualTo("user");
    assertThat(invite.path("requestId").asText()).isNotEmpty();
    assertThat(invite.path("awsRequestId").asText()).isNotEmpty().isNotEqualTo(invite.path("requestId").asText());
    assertThat(invite.path("latencyMs").isIntegralNumber()).isTrue();
    JsonNode authorized = only(requests, "authorize POST /orgs/{orgId}/invitations");
    assertThat(authorized.path("status").asInt()).isEqualTo(200);
    assertThat(authorized.path("principalId").asText()).isEqualTo(owner.userId());
    assertThat(authorized.path("requestId").asText()).isEqualTo(invite.path("requestId").asText());

    JsonNode machine = requests.stream().filter(line -> "GET /orgs/{orgId}".equals(line.path("route").asText())
        && "service_account".equals(line.path("principalType").asText())).findFirst().orElseThrow();
    assertThat(machine.path("principalId").asText()).isEqualTo(accountId);
    assertThat(machine.path("status").asInt()).isEqualTo(200);
    JsonNode refusedSecret = requests.stream().filter(line -> "authorize GET /orgs/{orgId}".equals(line.path("route")
        .asText()) && line.path("status").asInt() == 401).findFirst().orElseThrow();
    assertThat(refusedSecret.path("problem").asText()).isEqualTo("unauthenticated");
    JsonNode stranger = requests.stream().filter(line -> "GET /orgs/{orgId}".equals(line.path("route").asText())
        && line.path("status").asInt() == 404).findFirst().orElseThrow();
    assertThat(stranger.path("problem").asText()).isEqualTo("not-found");

    JsonNode directLine = only(requests, "invoke CheckPermissionFunction");
    assertThat(directLine.path("awsRequestId").asText()).isEqualTo("direct-1");
    assertThat(directLine.path("orgId").asText()).isEqualTo(org);
    assertThat(directLine.path("principalId").asText()).isEqualTo(bob.userId());
    assertThat(directLine.path("status").asInt()).isEqualTo(200);
    JsonNode job = requests.stream().filter(line -> "schedule InviteReminderFunction".equals(line.path("route")
        .asText())).findFirst().orElseThrow();
    assertThat(job.path("awsRequestId").asText()).isEqualTo("job-1");
    assertThat(job.path("reminded").isIntegralNumber()).isTrue();
    assertThat(job.path("finished").asText()).isEqualTo("true");

    // one line per invocation: 9 HTTP requests reached the authorizer, 8 of them (not the old secret) the route
    long routeLines = requests.stream().filter(line -> line.path("route").asText().matches("(GET|POST|PUT|DELETE|PATCH) .*"))
        .count();
    long authorizerLines = requests.stream().filter(line -> line.path("route").asText().startsWith("authorize ")).count();
    assertThat(routeLines).isEqualTo(8);
    assertThat(authorizerLines).isEqualTo(9);

    String all = String.join("", snapshot());
    for (String secretText : List.of(owner.token(), bob.token(), linkToken, secret, newSecret, invitation.text(),
        invitation.subject())) {
      assertThat(all).doesNotContain(secretText);
    }
    assertThat(all).doesNotContain("uars_").doesNotContain("token=").doesNotContain("Bearer");
  }

  private static JsonNode only(List<JsonNode> requests, String route) {
    List<JsonNode> matching = requests.stream().filter(line -> route.equals(line.path("route").asText())).toList();
    assertThat(matching).as(route).hasSize(1);
    return matching.get(0);
  }

  private List<String> snapshot() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  private static Logger root() {
    return LogManager.getLogManager().getLogger("");
  }
}
