package io.usersroles.functions;

import static io.usersroles.functions.TemplateYaml.FUNCTION;
import static io.usersroles.functions.TemplateYaml.HTTP_API;
import static io.usersroles.functions.TemplateYaml.SCHEDULED;
import static io.usersroles.functions.TemplateYaml.STREAMED;
import static io.usersroles.functions.TemplateYaml.TABLE;
import static io.usersroles.functions.TemplateYaml.authorizerId;
import static io.usersroles.functions.TemplateYaml.catalogIds;
import static io.usersroles.functions.TemplateYaml.function;
import static io.usersroles.functions.TemplateYaml.functionProperty;
import static io.usersroles.functions.TemplateYaml.onlyResourceOfType;
import static io.usersroles.functions.TemplateYaml.ref;
import static io.usersroles.functions.TemplateYaml.resource;
import static io.usersroles.functions.TemplateYaml.resourcesOfType;
import static io.usersroles.functions.TemplateYaml.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usersroles.functions.deployment.DeployedFunctions;
import io.usersroles.functions.deployment.Route;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** template.yaml's functions, handlers, routes and authorizer against {@link DeployedFunctions}. */
class TemplateFunctionsTest {
  @Test
  void declaresExactlyTheCatalogFunctionsEachWithItsHandlerClass() throws Exception {
    assertThat(resourcesOfType(FUNCTION).keySet()).containsExactlyInAnyOrderElementsOf(catalogIds());
    for (DeployedFunctions.Entry entry : DeployedFunctions.all()) {
      String handler = functionProperty(entry.logicalId(), "Handler").asText();
      String[] parts = handler.split("::", -1);
      assertThat(parts.length).as(handler).isBetween(1, 2);
      if (parts.length == 2) {
        assertThat(parts[1]).as(handler).isEqualTo("handleRequest");
      }
      assertThat(parts[0]).as(entry.logicalId()).isEqualTo(entry.handlerClass().getName());
      Class<?> handlerClass = Class.forName(parts[0]);
      assertThat(RequestStreamHandler.class).isAssignableFrom(handlerClass);
      // the Lambda runtime instantiates the handler through its public no-argument constructor
      Constructor<?> constructor = handlerClass.getConstructor();
      assertThat(Modifier.isPublic(constructor.getModifiers())).isTrue();
    }
  }

  @Test
  void everyRouteFunctionHasExactlyItsCatalogRouteOnTheApi() throws Exception {
    String api = onlyResourceOfType(HTTP_API);
    Set<String> templateRoutes = new TreeSet<>();
    for (DeployedFunctions.Entry entry : DeployedFunctions.all()) {
      List<JsonNode> httpApiEvents = new ArrayList<>();
      function(entry.logicalId()).path("Properties").path("Events").forEach(event -> {
        if (event.path("Type").asText().equals("HttpApi")) {
          httpApiEvents.add(event.path("Properties"));
        }
      });
      if (entry.route().isEmpty()) {
        JsonNode events = function(entry.logicalId()).path("Properties").path("Events");
        if (SCHEDULED.containsKey(entry.logicalId())) {
          assertThat(events.size()).as(entry.logicalId() + " has one schedule").isEqualTo(1);
          JsonNode schedule = events.elements().next();
          assertThat(schedule.path("Type").asText()).isEqualTo("Schedule");
          assertThat(schedule.path("Properties").path("Schedule")).isEqualTo(ref(SCHEDULED.get(entry.logicalId())));
          assertThat(schedule.path("Properties").path("Enabled").asBoolean(true)).isTrue();
        } else if (STREAMED.contains(entry.logicalId())) {
          assertThat(events.size()).as(entry.logicalId() + " has one stream").isEqualTo(1);
          JsonNode stream = events.elements().next();
          assertThat(stream.path("Type").asText()).isEqualTo("DynamoDB");
          JsonNode properties = stream.path("Properties");
          assertThat(properties.path("Stream").path("Fn::GetAtt").toString())
              .isEqualTo("[\"" + onlyResourceOfType(TABLE) + "\",\"StreamArn\"]");
          // what it could not put is retried from the first failed record, then kept in the failure queue
          assertThat(texts(properties.path("FunctionResponseTypes"))).containsExactly("ReportBatchItemFailures");
          assertThat(properties.path("DestinationConfig").path("OnFailure").path("Type").asText()).isEqualTo("SQS");
          // the local server reads the stream as this mapping does: the same filter, batch size and retries
          DeployedFunctions.StreamSource source = DeployedFunctions.AUDIT_STREAM;
          assertThat(entry.logicalId()).isEqualTo(source.logicalId());
          JsonNode filters = properties.path("FilterCriteria").path("Filters");
          assertThat(filters.size()).isEqualTo(1);
          assertThat(new ObjectMapper().readTree(filters.get(0).path("Pattern").asText()))
              .isEqualTo(new ObjectMapper().readTree(source.filterPattern()));
          assertThat(properties.path("BatchSize").asInt()).isEqualTo(source.batchSize());
          assertThat(properties.path("MaximumRetryAttempts").asInt()).isEqualTo(source.maxRetries());
          assertThat(resource(onlyResourceOfType(TABLE)).path("Properties").path("StreamSpecification")
              .path("StreamViewType").asText()).isEqualTo("NEW_IMAGE");
        } else if (entry.logicalId().equals(DeployedFunctions.EMAIL_FEEDBACK)) {
          // SES's events on the default bus; TemplateEmailFeedbackTest checks the rule's pattern
          assertThat(events.size()).as(entry.logicalId() + " has one rule").isEqualTo(1);
          assertThat(events.elements().next().path("Type").asText()).isEqualTo("EventBridgeRule");
        } else {
          assertThat(events.size()).as(entry.logicalId() + " is not routed to").isZero();
        }
        continue;
      }
      Route route = entry.route().get();
      assertThat(httpApiEvents).as(entry.logicalId() + " HttpApi events").hasSize(1);
      JsonNode event = httpApiEvents.get(0);
      assertThat(event.path("Method").asText()).as(entry.logicalId()).isEqualTo(route.method());
      assertThat(event.path("Path").asText()).as(entry.logicalId()).isEqualTo(route.pathTemplate());
      assertThat(event.path("ApiId")).as(entry.logicalId()).isEqualTo(ref(api));
      assertThat(event.has("Auth")).as(entry.logicalId() + " must use the API's default authorizer").isFalse();
      assertThat(event.path("PayloadFormatVersion").asText("2.0")).isEqualTo("2.0");
      templateRoutes.add(event.path("Method").asText() + " " + event.path("Path").asText());
    }
    assertThat(templateRoutes).containsExactlyInAnyOrderElementsOf(DeployedFunctions.all().stream()
        .flatMap(e -> e.route().stream()).map(Route::routeKey).toList());
  }

  @Test
  void theApiAuthorisesEveryRouteWithTheAuthorizerFunction() {
    JsonNode auth = resource(onlyResourceOfType(HTTP_API)).path("Properties").path("Auth");
    String name = auth.path("DefaultAuthorizer").asText();
    JsonNode authorizer = auth.path("Authorizers").path(name);
    assertThat(authorizer.isObject()).as("authorizer " + name).isTrue();
    // the alias, so API Gateway invokes the SnapStart-enabled published version, never $LATEST
    assertThat(authorizer.path("FunctionArn")).isEqualTo(ref(authorizerId() + ".Alias"));
    assertThat(authorizer.path("AuthorizerPayloadFormatVersion").isTextual()).isTrue();
    assertThat(authorizer.path("AuthorizerPayloadFormatVersion").asText()).isEqualTo("2.0");
    assertThat(authorizer.path("EnableSimpleResponses").asBoolean()).isTrue();
    assertThat(authorizer.path("EnableFunctionDefaultPermissions").asBoolean()).isTrue();
    assertThat(texts(authorizer.path("Identity").path("Headers"))).containsExactly("Authorization");
    assertThat(authorizer.path("Identity").path("ReauthorizeEvery").isInt()).isTrue();
    assertThat(authorizer.path("Identity").path("ReauthorizeEvery").asInt()).isZero();
  }
}
