package io.usersroles.functions.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.domain.DomainException;
import io.usersroles.domain.Text;
import io.usersroles.store.Keys;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The parts of an API Gateway HTTP API (payload 2.0) event that handlers use. */
public final class HttpRequest {
  /**
   * The largest request body any route reads (UTF-8 bytes): ten times the largest valid request of
   * ours (100 checks, 100 addresses, a custom role), far below API Gateway's 10 MB and Lambda's 6 MB.
   */
  public static final int MAX_BODY_BYTES = 1024 * 1024;
  /** Longer path parameters name nothing ({@link Keys#MAX_ID_LENGTH}): 404. */
  public static final int MAX_PATH_PARAMETER_LENGTH = Keys.MAX_ID_LENGTH;
  private static final String NOT_UTF8 = "The request body is not valid JSON: it is not well-formed UTF-8";
  private final String routeKey;
  private final String method;
  private final String path;
  private final Map<String, String> pathParameters;
  private final Map<String, String> query;
  private final Map<String, String> headers;
  /** The body as text; null when there is none or when it is not text ({@link #bodyProblem}). */
  private final String body;
  /** Why the body that was sent cannot be read as text (not base64, not UTF-8); null when it can. */
  private final String bodyProblem;
  /** The body's size in bytes as sent (decoded from base64), exact near the size limit, for that limit. */
  private final long bodyBytes;
  private final String requestId;
  private final JsonNode authorizerContext;

  private HttpRequest(JsonNode event) {
    JsonNode context = event.path("requestContext");
    this.routeKey = text(event.path("routeKey"));
    this.method = text(context.path("http").path("method")).toUpperCase(Locale.ROOT);
    this.path = text(event.path("rawPath"));
    this.pathParameters = strings(event.path("pathParameters"), false);
    this.query = strings(event.path("queryStringParameters"), false);
    this.headers = strings(event.path("headers"), true);
    this.requestId = text(context.path("requestId"));
    this.authorizerContext = context.path("authorizer").path("lambda");
    String rawBody = event.hasNonNull("body") ? event.get("body").asText() : null;
    String text = rawBody;
    String problem = null;
    long bytes = rawBody == null ? 0 : utf8Length(rawBody);
    if (rawBody != null && event.path("isBase64Encoded").asBoolean(false)) {
      // API Gateway hands over a body that is not text as base64: these are the bytes the client sent
      text = null;
      bytes = rawBody.length() / 4L * 3;
      try {
        byte[] decoded = Base64.getDecoder().decode(rawBody);
        bytes = decoded.length;
        text = strictUtf8(decoded);
        if (text == null) {
          problem = NOT_UTF8;
        }
      } catch (IllegalArgumentException e) {
        problem = "The request body is not valid base64";
      }
    } else if (rawBody != null && !Text.isWellFormed(rawBody)) {
      // half a surrogate pair: no UTF-8 the client could have sent decodes to this
      text = null;
      problem = NOT_UTF8;
    }
    this.body = text;
    this.bodyProblem = problem;
    this.bodyBytes = bytes;
  }

  /** {@code bytes} as UTF-8, or null when they are not well-formed UTF-8 (never U+FFFD in place of bad bytes). */
  private static String strictUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Reads the event JSON of an HTTP API route invocation. */
  public static HttpRequest of(JsonNode event) {
    return new HttpRequest(event);
  }

  public String routeKey() {
    return routeKey;
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  /**
   * A path parameter the route template guarantees; absent only if the event is not of this route.
   * A value longer than any id names nothing: 404, whoever asks.
   */
  public String pathParameter(String name) {
    String value = pathParameters.get(name);
    if (value == null || value.isEmpty() || value.length() > MAX_PATH_PARAMETER_LENGTH) {
      throw DomainException.notFound("No such resource");
    }
    return value;
  }

  /** 413 when the body is larger than any route reads (checked before anything else looks at it). */
  public void requireBodyWithinLimit() {
    if (bodyBytes > MAX_BODY_BYTES) {
      throw DomainException.tooLarge("body-too-large", "The request body is larger than "
          + MAX_BODY_BYTES + " bytes");
    }
  }

  private static long utf8Length(String text) {
    if (text.length() * 3L <= MAX_BODY_BYTES) {
      return text.length(); // surely within the limit; the exact count is needed only near it
    }
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  public Optional<String> query(String name) {
    return Optional.ofNullable(query.get(name));
  }

  /** A header by case-insensitive name. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  /**
   * The body as text; empty when there is none. 400 when the body sent is not text: not well-formed
   * UTF-8 (or not base64 when marked so), which is not JSON either. Only a route that reads its body
   * asks, so a route that takes none ignores one, and a stranger's malformed body still gets its 404.
   */
  public Optional<String> body() {
    if (bodyProblem != null) {
      throw DomainException.invalid(bodyProblem);
    }
    return Optional.ofNullable(body);
  }

  public String requestId() {
    return requestId;
  }

  /** What the Lambda authorizer put into the request context (a missing node when nothing). */
  public JsonNode authorizerContext() {
    return authorizerContext;
  }

  private static String text(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? "" : node.asText();
  }

  private static Map<String, String> strings(JsonNode node, boolean lowerCaseKeys) {
    if (!node.isObject()) {
      return Collections.emptyMap();
    }
    Map<String, String> map = new HashMap<>();
    node.fields().forEachRemaining(entry -> {
      if (!entry.getValue().isNull()) {
        String key = lowerCaseKeys ? entry.getKey().toLowerCase(Locale.ROOT) : entry.getKey();
        map.put(key, entry.getValue().asText());
      }
    });
    return map;
  }
}
