package io.usersroles.functions;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.usersroles.engines.gateway.HttpApiGateway;
import io.usersroles.engines.gateway.LambdaFunction;
import io.usersroles.functions.deployment.DeployedFunctions;
import io.usersroles.functions.http.Problems;
import java.util.Optional;
import java.util.function.Function;

/** The deployed functions, built on one object graph, behind the emulated API Gateway. */
public final class LocalApiGateway {
  /** The deployed routes alone: matches requests, invokes nothing. */
  public static final HttpApiGateway ROUTING = gateway(entry -> {
    throw new IllegalStateException("the routing gateway invokes no function");
  });

  private LocalApiGateway() {}

  public static HttpApiGateway of(FunctionsComponent app) {
    return gateway(entry -> entry.handler(app));
  }

  /** Each function on the graph {@code components} builds for its logical id (its own execution environment). */
  public static HttpApiGateway perFunction(Function<String, FunctionsComponent> components) {
    return gateway(entry -> entry.handler(components.apply(entry.logicalId())));
  }

  /** The path template of the deployed route a request matches, if any. */
  public static Optional<String> pathTemplate(String method, String rawPath) {
    return ROUTING.match(method, rawPath).map(match -> match.route().pathTemplate());
  }

  private static HttpApiGateway gateway(Function<DeployedFunctions.Entry, RequestStreamHandler> handlers) {
    return new HttpApiGateway(DeployedFunctions.all().stream().map(f -> LambdaFunction.of(f.logicalId(), f.routeKey(),
        f.timeout(), () -> handlers.apply(f))).toList(), DeployedFunctions.AUTHORIZER, Problems.TYPE_PREFIX);
  }
}
