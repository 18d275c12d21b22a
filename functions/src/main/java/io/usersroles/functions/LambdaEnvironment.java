package io.usersroles.functions;

import io.usersroles.config.AwsClients;
import io.usersroles.config.Settings;
import java.time.Clock;

/**
 * The component of a deployed function: built once per execution environment from the environment
 * variables template.yaml sets, on the first handler construction.
 */
public final class LambdaEnvironment {
  private LambdaEnvironment() {}

  private static final class Holder {
    static final FunctionsComponent COMPONENT = build();

    private static FunctionsComponent build() {
      Settings settings = Settings.fromEnvironment(System.getenv());
      return FunctionsComponent.builder()
          .settings(settings)
          .clock(Clock.systemUTC())
          .clients(AwsClients.forLambda(settings))
          .build();
    }
  }

  public static FunctionsComponent component() {
    return Holder.COMPONENT;
  }
}
