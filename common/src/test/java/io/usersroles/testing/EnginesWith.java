package io.usersroles.testing;

import io.usersroles.config.Settings;
import io.usersroles.engines.LocalIdentityProvider;
import io.usersroles.engines.SesEmulator;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** The shared engines with other settings and extra interceptors on the function's SDK clients. */
public final class EnginesWith implements Engines {
  private final Engines engines;
  private final UnaryOperator<Settings> settings;
  private final ExecutionInterceptor dynamoDb;
  private final ExecutionInterceptor ses;

  /** {@code dynamoDb} and {@code ses} may be null (no extra interceptor). */
  public EnginesWith(Engines engines, UnaryOperator<Settings> settings, ExecutionInterceptor dynamoDb,
      ExecutionInterceptor ses) {
    this.engines = engines;
    this.settings = settings;
    this.dynamoDb = dynamoDb;
    this.ses = ses;
  }

  @Override
  public String createTable() {
    return engines.createTable();
  }

  @Override
  public Settings settings(String tableName) {
    return settings.apply(engines.settings(tableName));
  }

  @Override
  public DynamoDbClient dynamoDbClient(ExecutionInterceptor... interceptors) {
    return engines.dynamoDbClient(with(interceptors, dynamoDb));
  }

  @Override
  public SesV2Client sesClient(ExecutionInterceptor... interceptors) {
    return engines.sesClient(with(interceptors, ses));
  }

  @Override
  public EventBridgeClient eventBridgeClient(ExecutionInterceptor... interceptors) {
    return engines.eventBridgeClient(interceptors);
  }

  @Override
  public DynamoDbClient adminClient() {
    return engines.adminClient();
  }

  @Override
  public LocalIdentityProvider identityProvider() {
    return engines.identityProvider();
  }

  @Override
  public List<SesEmulator.SentEmail> sentTo(String address) {
    return engines.sentTo(address);
  }

  /** The given interceptors, then the extra one (so counters placed first see every attempt). */
  private static ExecutionInterceptor[] with(ExecutionInterceptor[] given, ExecutionInterceptor extra) {
    if (extra == null) {
      return given;
    }
    ExecutionInterceptor[] all = Arrays.copyOf(given, given.length + 1);
    all[given.length] = extra;
    return all;
  }
}
