package io.usersroles.functions;

import io.usersroles.config.AwsClients;
import io.usersroles.config.Settings;
import io.usersroles.functions.logging.JsonLogging;
import io.usersroles.functions.priming.Priming;
import java.time.Clock;

/**
 * The component of a deployed function: built once per execution environment from the environment
 * variables template.yaml sets, on the first handler construction. With SnapStart, that is before the
 * snapshot, and {@link Priming} runs the request paths once more just before it is taken.
 */
public final class LambdaEnvironment {
  private LambdaEnvironment() {}

  private static final class Holder {
    static {
      // before anything logs: one JSON object per line from the first record on
      JsonLogging.install();
    }

    static final Settings SETTINGS = Settings.fromEnvironment(System.getenv());
    static final AwsClients CLIENTS = AwsClients.forLambda(SETTINGS);
    static final FunctionsComponent COMPONENT = FunctionsComponent.builder()
        .settings(SETTINGS)
        .clock(Clock.systemUTC())
        .clients(CLIENTS)
        .build();
    // Lambda says which initialisation this is: only a SnapStart one ("snap-start") is followed by a
    // snapshot, so only then is priming registered (an on-demand cold start would gain nothing from it).
    // Held here: the CRaC context keeps resources only weakly.
    static final Priming PRIMING = "snap-start".equals(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE"))
        ? Priming.register(SETTINGS, CLIENTS) : null;
  }

  public static FunctionsComponent component() {
    return Holder.COMPONENT;
  }
}
