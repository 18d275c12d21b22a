package io.usersroles.functions.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** An HTTP API route such as {@code GET /orgs/{orgId}}, matched the way API Gateway matches it. */
public record Route(String method, String pathTemplate, List<String> segments) {

  /** A request matched to a route, with the decoded path parameters. */
  public record Match(FunctionCatalog.Entry function, Route route, Map<String, String> pathParameters) {}

  static Route parse(String routeKey) {
    int space = routeKey.indexOf(' ');
    String path = routeKey.substring(space + 1);
    return new Route(routeKey.substring(0, space), path, List.of(path.substring(1).split("/")));
  }

  /** {@code METHOD /path/{param}}: API Gateway's route key. */
  public String routeKey() {
    return method + " " + pathTemplate;
  }

  Optional<Match> match(String requestMethod, String rawPath, FunctionCatalog.Entry function) {
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
    return Optional.of(new Match(function, this, parameters));
  }

  private static String decode(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return null;
    }
  }
}
