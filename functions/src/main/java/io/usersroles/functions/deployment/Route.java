package io.usersroles.functions.deployment;

/** The HTTP API route of a function, such as {@code GET /orgs/{orgId}}: as template.yaml declares it. */
public record Route(String method, String pathTemplate) {
  static Route parse(String routeKey) {
    int space = routeKey.indexOf(' ');
    return new Route(routeKey.substring(0, space), routeKey.substring(space + 1));
  }

  /** {@code METHOD /path/{param}}: API Gateway's route key. */
  public String routeKey() {
    return method + " " + pathTemplate;
  }
}
