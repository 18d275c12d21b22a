package io.usersroles.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.domain.DomainException;
import io.usersroles.domain.EmailAddress;
import io.usersroles.engines.AdjustableClock;
import io.usersroles.engines.LocalIdentityProvider;
import io.usersroles.engines.SesEmulator;
import io.usersroles.engines.eventbridge.LocalEventBridge;
import io.usersroles.engines.gateway.HttpApiEvents;
import io.usersroles.engines.gateway.HttpApiGateway;
import io.usersroles.functions.http.HttpRequest;
import io.usersroles.functions.http.HttpResponse;
import io.usersroles.functions.http.Json;
import io.usersroles.functions.http.Problems;
import io.usersroles.functions.http.RequestBody;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The routes only the local server has: minting tokens, reading sent mail and published events, moving
 * the domain clock, and the Lambda Invoke API. None of them is in template.yaml.
 */
final class LocalRoutes {
  private static final Pattern INVOKE = Pattern.compile("^/2015-03-31/functions/([^/]+)/invocations$");
  /** Where invitation links lead by default: the console's page a person accepts an invitation on. */
  static final String ACCEPT_PAGE = "/accept";
  /** Ten years: far enough for any expiry or reminder, near enough that instants stay valid. */
  private static final long MAX_ADVANCE_SECONDS = Duration.ofDays(3650).toSeconds();

  private final HttpApiGateway gateway;
  private final LocalIdentityProvider identityProvider;
  private final SesEmulator ses;
  private final LocalEventBridge eventBridge;
  private final AdjustableClock clock;
  private final Consumer<Duration> clockOffsetSaver;

  LocalRoutes(HttpApiGateway gateway, LocalIdentityProvider identityProvider, SesEmulator ses,
      LocalEventBridge eventBridge, AdjustableClock clock, Consumer<Duration> clockOffsetSaver) {
    this.gateway = gateway;
    this.identityProvider = identityProvider;
    this.ses = ses;
    this.eventBridge = eventBridge;
    this.clock = clock;
    this.clockOffsetSaver = clockOffsetSaver;
  }

  /** The answer when {@code path} is a local-only route, else empty (the request goes to the API). */
  Optional<HttpApiGateway.Response> handle(String method, String path, String rawQuery, Map<String, String> headers,
      byte[] body) {
    Matcher invoke = INVOKE.matcher(path);
    if (invoke.matches()) {
      return Optional.of(method.equals("POST") ? invoke(invoke.group(1), headers, body) : notAllowed(path, "POST"));
    }
    if (!path.startsWith("/local/")) {
      return Optional.empty();
    }
    try {
      return Optional.of(switch (path) {
        case "/local/token" -> method.equals("POST") ? token(body) : notAllowed(path, "POST");
        case "/local/emails" -> method.equals("GET") ? emails() : notAllowed(path, "GET");
        case "/local/events" -> method.equals("GET") ? events() : notAllowed(path, "GET");
        case "/local/clock" -> switch (method) {
          case "POST" -> advanceClock(body);
          case "GET" -> clockState();
          default -> notAllowed(path, "GET, POST");
        };
        default -> http(Problems.of(DomainException.notFound("No local route " + path), path));
      });
    } catch (DomainException rejected) {
      return Optional.of(http(Problems.of(rejected, path)));
    }
  }

  private HttpApiGateway.Response token(byte[] bytes) {
    RequestBody body = RequestBody.of(bodyRequest(bytes));
    String rawEmail = body.requiredString("email");
    List<String> groups = body.optionalStringList("groups").orElse(List.of());
    boolean emailVerified = body.optionalBoolean("emailVerified").orElse(true);
    body.rejectUnknownFields();
    EmailAddress email = EmailAddress.parse(rawEmail)
        .orElseThrow(() -> DomainException.invalidField("email", "is not an email address"));
    LocalIdentityProvider.Token token = identityProvider.mint(email.value(), groups, emailVerified);
    return http(HttpResponse.ok(Json.object().put("token", token.token()).put("userId", token.userId())));
  }

  /** What the functions put on EventBridge (the audit publisher, from the table's stream), oldest first. */
  private HttpApiGateway.Response events() {
    ArrayNode items = Json.array();
    for (LocalEventBridge.ReceivedEvent event : eventBridge.events()) {
      ObjectNode item = items.addObject();
      item.put("source", event.source());
      item.put("detailType", event.detailType());
      item.set("detail", event.detail());
      item.put("time", event.time().toString());
    }
    ObjectNode answer = Json.object();
    answer.set("items", items);
    return http(HttpResponse.ok(answer));
  }

  private HttpApiGateway.Response emails() {
    ArrayNode items = Json.array();
    for (SesEmulator.SentEmail email : ses.sentEmails()) {
      ObjectNode item = items.addObject();
      email.to().forEach(item.putArray("to")::add);
      item.put("subject", email.subject());
      item.put("text", email.text());
      item.put("html", email.html());
      item.put("sentAt", email.sentAt().toString());
    }
    ObjectNode answer = Json.object();
    answer.set("items", items);
    return http(HttpResponse.ok(answer));
  }

  private HttpApiGateway.Response advanceClock(byte[] bytes) {
    RequestBody body = RequestBody.of(bodyRequest(bytes));
    long seconds = body.requiredLong("advanceSeconds", 0, MAX_ADVANCE_SECONDS);
    body.rejectUnknownFields();
    synchronized (clock) {
      Duration offset = clock.offset().plusSeconds(seconds);
      if (offset.toSeconds() > MAX_ADVANCE_SECONDS) {
        throw DomainException.invalidField("advanceSeconds", "would move the clock more than "
            + MAX_ADVANCE_SECONDS + " seconds ahead of real time");
      }
      clockOffsetSaver.accept(offset);
      clock.advance(Duration.ofSeconds(seconds));
    }
    return clockState();
  }

  private HttpApiGateway.Response clockState() {
    return http(HttpResponse.ok(Json.object()
        .put("now", clock.instant().toString())
        .put("offsetSeconds", clock.offset().toSeconds())));
  }

  /**
   * Lambda's Invoke API, RequestResponse only: the function's JSON result with 200; a function that
   * throws answers 200 with {@code X-Amz-Function-Error}, as Lambda does.
   */
  private HttpApiGateway.Response invoke(String functionName, Map<String, String> headers, byte[] body) {
    String logicalId = logicalId(functionName);
    if (!gateway.hasFunction(logicalId)) {
      return lambdaError(404, "ResourceNotFoundException", "Function not found: " + functionName);
    }
    String invocationType = headers.getOrDefault("x-amz-invocation-type", "RequestResponse");
    if (invocationType.equals("DryRun")) {
      return new HttpApiGateway.Response(204, Map.of(), null);
    }
    if (!invocationType.equals("RequestResponse")) {
      return lambdaError(400, "InvalidParameterValueException",
          "The local server runs only RequestResponse (and DryRun) invocations, not " + invocationType);
    }
    byte[] event = body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body;
    Map<String, String> answerHeaders = new LinkedHashMap<>();
    answerHeaders.put("Content-Type", "application/json");
    answerHeaders.put("X-Amz-Executed-Version", "$LATEST");
    try {
      return new HttpApiGateway.Response(200, answerHeaders, new String(gateway.invoke(logicalId, event),
          StandardCharsets.UTF_8));
    } catch (RuntimeException failed) {
      answerHeaders.put("X-Amz-Function-Error", "Unhandled");
      ObjectNode error = Json.object()
          .put("errorMessage", failed.getMessage())
          .put("errorType", failed.getClass().getName());
      return new HttpApiGateway.Response(200, answerHeaders, error.toString());
    }
  }

  /** A function is named by its logical id, or by an ARN or partial ARN whose name is the logical id. */
  private static String logicalId(String functionName) {
    String name;
    try {
      name = URLDecoder.decode(functionName, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      name = functionName;
    }
    int function = name.indexOf("function:");
    if (function >= 0) {
      name = name.substring(function + "function:".length());
    }
    int qualifier = name.indexOf(':');
    return qualifier >= 0 ? name.substring(0, qualifier) : name;
  }

  private static HttpApiGateway.Response lambdaError(int status, String type, String message) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("x-amzn-ErrorType", type);
    return new HttpApiGateway.Response(status, headers, Json.object().put("Type", "User").put("message", message)
        .toString());
  }

  private static HttpApiGateway.Response notAllowed(String path, String allowed) {
    ObjectNode problem = Json.object()
        .put("type", "about:blank")
        .put("title", "Method Not Allowed")
        .put("status", 405)
        .put("detail", path + " answers " + allowed)
        .put("instance", path);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/problem+json");
    headers.put("Allow", allowed);
    return new HttpApiGateway.Response(405, headers, problem.toString());
  }

  /** The body as the functions read one (bytes that are not UTF-8 are refused as there, not replaced). */
  private static HttpRequest bodyRequest(byte[] bytes) {
    HttpApiEvents.Request request = HttpApiEvents.Request.withBody("POST", "/", null, Map.of(), bytes, null);
    ObjectNode event = Json.object();
    if (request.body() != null) {
      event.put("body", request.body());
      event.put("isBase64Encoded", request.bodyBase64Encoded());
    }
    return HttpRequest.of(event);
  }

  private static HttpApiGateway.Response http(HttpResponse response) {
    return HttpApiGateway.responseOf(response.toEvent());
  }
}
