package io.usersroles.functions;

import static io.usersroles.functions.TemplateYaml.EVENTS;
import static io.usersroles.functions.TemplateYaml.SCHEDULED;
import static io.usersroles.functions.TemplateYaml.authorizerId;
import static io.usersroles.functions.TemplateYaml.catalogIds;
import static io.usersroles.functions.TemplateYaml.sample;
import static io.usersroles.functions.TemplateYaml.sampleJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.domain.Ids;
import io.usersroles.domain.Principal;
import io.usersroles.engines.gateway.HttpApiGateway;
import io.usersroles.functions.deployment.DeployedFunctions;
import io.usersroles.functions.deployment.Route;
import io.usersroles.functions.http.Json;
import io.usersroles.functions.http.PrincipalContext;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The sample events in events/: one per function, each a valid Lambda event of its route or trigger. */
class SampleEventsTest {
  private static final Pattern ORGANISATION_ID =
      Pattern.compile(Pattern.quote(Ids.ORGANISATION_PREFIX) + "[A-Za-z0-9_-]{22}");

  @Test
  void everyFunctionHasOneSampleEventAndEverySampleAFunction() throws IOException {
    try (Stream<Path> files = Files.list(EVENTS)) {
      List<String> names = files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).sorted()
          .toList();
      assertThat(names).allMatch(name -> name.endsWith(".json"));
      assertThat(names.stream().map(n -> n.substring(0, n.length() - ".json".length())).toList())
          .containsExactlyInAnyOrderElementsOf(catalogIds());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.usersroles.functions.TemplateYaml#routedFunctions")
  void routeSampleIsAPayload20EventOfItsRoute(String logicalId) throws IOException {
    DeployedFunctions.Entry entry = DeployedFunctions.byLogicalId(logicalId).orElseThrow();
    Route route = entry.route().get();
    APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(sample(entry.logicalId()).toString());
    JsonNode json = sampleJson(entry.logicalId());

    assertThat(event.getVersion()).isEqualTo("2.0");
    assertThat(event.getRouteKey()).isEqualTo(route.routeKey());
    assertThat(event.getRequestContext().getRouteKey()).isEqualTo(route.routeKey());
    assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo(route.method());
    assertThat(event.getRequestContext().getHttp().getPath()).isEqualTo(event.getRawPath());
    assertThat(event.getRequestContext().getRequestId()).isNotBlank();
    assertThat(event.getRequestContext().getStage()).isEqualTo("$default");
    assertThat(event.getIsBase64Encoded()).isFalse();

    Optional<HttpApiGateway.RouteMatch> match = LocalApiGateway.ROUTING.match(route.method(), event.getRawPath());
    assertThat(match).as("the route of " + event.getRawPath()).isPresent();
    assertThat(match.get().function().logicalId()).isEqualTo(entry.logicalId());
    Map<String, String> pathParameters = event.getPathParameters() == null ? Map.of() : event.getPathParameters();
    assertThat(pathParameters).isEqualTo(match.get().pathParameters());
    if (pathParameters.containsKey("orgId")) {
      assertThat(pathParameters.get("orgId")).matches(ORGANISATION_ID);
    }
    if (pathParameters.containsKey("invitationId")) {
      assertThat(Ids.isInvitationId(pathParameters.get("invitationId"))).as("an invitation id").isTrue();
    }
    assertThat(query(event.getRawQueryString()))
        .isEqualTo(event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters());

    assertThat(event.getHeaders().keySet()).allMatch(name -> name.equals(name.toLowerCase(java.util.Locale.ROOT)));
    assertThat(event.getHeaders().get("authorization")).startsWith("Bearer ");
    if (event.getBody() != null) {
      assertThat(event.getHeaders().get("content-type")).isEqualTo("application/json");
      assertThat(Json.read(event.getBody()).isObject()).as("the body is a JSON object").isTrue();
    }
    Principal principal = PrincipalContext.fromContext(json.at("/requestContext/authorizer/lambda"));
    assertThat(principal).isInstanceOf(Principal.User.class);
    assertThat(principal.id()).startsWith("usr_");
    assertThat(event.getRequestContext().getAuthorizer().getLambda()).containsKeys("principalId", "principalType");
  }

  @Test
  void authorizerSampleIsARequestAuthorizerEventOfARoute() {
    APIGatewayV2CustomAuthorizerEvent event =
        EventLoader.loadAPIGatewayV2CustomAuthorizerEvent(sample(authorizerId()).toString());
    assertThat(event.getVersion()).isEqualTo("2.0");
    assertThat(event.getType()).isEqualTo("REQUEST");
    assertThat(event.getIdentitySource()).containsExactly(event.getHeaders().get("authorization"));
    assertThat(event.getHeaders().get("authorization")).startsWith("Bearer ");
    String method = event.getRequestContext().getHttp().getMethod();
    Optional<HttpApiGateway.RouteMatch> match = LocalApiGateway.ROUTING.match(method, event.getRawPath());
    assertThat(match).as("a route for " + method + " " + event.getRawPath()).isPresent();
    assertThat(event.getRouteKey()).isEqualTo(match.get().route().key());
    assertThat(event.getRouteArn())
        .matches("arn:aws:execute-api:[a-z0-9-]+:\\d{12}:\\w+/[^/]+/" + Pattern.quote(method + event.getRawPath()));
    assertThat(event.getPathParameters()).isEqualTo(match.get().pathParameters());
  }

  @Test
  void scheduleSampleIsAnEventBridgeScheduledEvent() {
    for (String logicalId : SCHEDULED.keySet()) {
      ScheduledEvent event = EventLoader.loadScheduledEvent(sample(logicalId).toString());
      assertThat(event.getSource()).isEqualTo("aws.events");
      assertThat(event.getDetailType()).isEqualTo("Scheduled Event");
      assertThat(event.getTime()).as("time").isNotNull();
      assertThat(event.getResources()).singleElement().asString().startsWith("arn:aws:events:");
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      query.merge(name, value, (a, b) -> a + "," + b);
    }
    return query;
  }
}
