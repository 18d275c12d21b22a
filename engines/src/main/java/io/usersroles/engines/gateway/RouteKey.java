package io.usersroles.engines.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP API route key such as {@code GET /orgs/{orgId}}, matched against requests the way API
 * Gateway matches it: same method, same number of segments, literal segments equal, each
 * {@code {parameter}} segment non-empty and percent-decoded.
 */
public record RouteKey(String method, String pathTemplate, List<String> segments) {
  public RouteKey {
    segments = List.copyOf(segments);
  }

  /** Parses {@code METHOD /path/{param}}. */
  public static RouteKey parse(String routeKey) {
    int space = routeKey.indexOf(' ');
    if (space < 0 || !routeKey.startsWith("/", space + 1)) {
      throw new IllegalArgumentException("not a route key: " + routeKey);
    }
    String path = routeKey.substring(space + 1);
    return new RouteKey(routeKey.substring(0, space), path, List.of(path.substring(1).split("/")));
  }

  /** The key as API Gateway writes it, {@code METHOD /path}. */
  public String key() {
    return method + " " + pathTemplate;
  }

  /** The decoded path parameters when a request of {@code requestMethod} to {@code rawPath} matches. */
  public Optional<Map<String, String>> match(String requestMethod, String rawPath) {
    if (!method.equals(requestMethod.toUpperCase(Locale.ROOT)) || !rawPath.startsWith("/")) {
      return Optional.empty();
    }
    String[] parts = rawPath.substring(1).split("/", -1);
    if (parts.length != segments.size()) {
      return Optional.empty();
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 0; i < parts.length; i++) {
      String segment = segments.get(i);
      if (segment.startsWith("{") && segment.endsWith("}")) {
        String value = decode(parts[i]);
        if (value == null || value.isEmpty()) {
          return Optional.empty();
        }
        parameters.put(segment.substring(1, segment.length() - 1), value);
      } else if (!segment.equals(parts[i])) {
        return Optional.empty();
      }
    }
    return Optional.of(parameters);
  }

  private static String decode(String segment) {
    try {
      // a path segment keeps '+' as it is; URLDecoder would read it as a space
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return null;
    }
  }
}
