package io.usersroles.engines.gateway;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One Lambda function as the emulated gateway sees it: its logical id, the HTTP API route that
 * invokes it (none for functions invoked otherwise), its timeout, and how to build its handler
 * (built once, on first use, as in an execution environment).
 */
public record LambdaFunction(String logicalId, Optional<RouteKey> route, Duration timeout,
    Supplier<? extends RequestStreamHandler> handler) {
  /** A function; {@code routeKey} such as {@code GET /orgs/{orgId}}, or empty. */
  public static LambdaFunction of(String logicalId, Optional<String> routeKey, Duration timeout,
      Supplier<? extends RequestStreamHandler> handler) {
    return new LambdaFunction(logicalId, routeKey.map(RouteKey::parse), timeout, handler);
  }
}
