package io.usersroles.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The AWS SDK clients, each built on first use (a function that never sends email never pays for an
 * SES client) with the URLConnection HTTP client, an explicit region, an explicit credentials
 * provider and an explicit retry budget.
 */
public final class AwsClients {
  /**
   * How often and how long an SDK client retries throttling and transient failures before it gives
   * up (the request then answers 503 with Retry-After, or the email is left to the reminder job).
   * Throttled attempts wait longer than other failed ones; every wait is full-jitter exponential.
   */
  public record RetryBudget(int maxAttempts, Duration baseDelay, Duration throttledBaseDelay, Duration maxDelay) {
    /**
     * DynamoDB on a request path: 5 attempts, at most 1.5 s of waiting when throttled, far inside API
     * Gateway's 29 s (the SDK's DynamoDB default, 9 attempts with waits up to 20 s, is not).
     */
    public static final RetryBudget DYNAMODB =
        new RetryBudget(5, Duration.ofMillis(25), Duration.ofMillis(100), Duration.ofMillis(800));
    /** SES: 3 attempts, at most 0.6 s of waiting; an email still refused is sent by the reminder job. */
    public static final RetryBudget SES =
        new RetryBudget(3, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(400));
    /**
     * EventBridge from the audit publisher: 3 attempts of each request; entries EventBridge refuses one by
     * one are put again by the publisher, and what still fails is retried by Lambda from the stream.
     */
    public static final RetryBudget EVENTBRIDGE =
        new RetryBudget(3, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(800));
    /** Secrets Manager, read once at initialisation: 3 attempts; a function that cannot read it fails its init. */
    public static final RetryBudget SECRETS_MANAGER =
        new RetryBudget(3, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(800));

    /** A new strategy (each client needs its own: the strategy holds the client's retry-token bucket). */
    public RetryStrategy strategy() {
      return AwsRetryStrategy.standardRetryStrategy().toBuilder()
          .maxAttempts(maxAttempts)
          .backoffStrategy(BackoffStrategy.exponentialDelay(baseDelay, maxDelay))
          .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(throttledBaseDelay, maxDelay))
          .build();
    }

    /** The same number of attempts with 1 ms waits: tests count retries without sleeping through them. */
    public RetryBudget withoutWaiting() {
      Duration ms = Duration.ofMillis(1);
      return new RetryBudget(maxAttempts, ms, ms, ms);
    }
  }

  private final Supplier<DynamoDbClient> dynamoDb;
  private final Supplier<SesV2Client> ses;
  private final Supplier<EventBridgeClient> eventBridge;

  private AwsClients(Supplier<DynamoDbClient> dynamoDb, Supplier<SesV2Client> ses,
      Supplier<EventBridgeClient> eventBridge) {
    this.dynamoDb = memoize(dynamoDb);
    this.ses = memoize(ses);
    this.eventBridge = memoize(eventBridge);
  }

  /** Deployed: the execution role's credentials, as this Lambda environment hands them out. */
  public static AwsClients forLambda(Settings settings) {
    return build(settings, lambdaCredentials(System.getenv()));
  }

  /**
   * Where a Lambda environment keeps the role's credentials. With SnapStart, Lambda serves them from
   * a local endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} with an authorisation token), so
   * that credentials captured in a snapshot cannot expire before a restore; otherwise they are in
   * the {@code AWS_ACCESS_KEY_ID} variables. Chosen explicitly rather than through the SDK's default
   * chain, which would try system properties, profile files and web identity first at every cold start.
   */
  static AwsCredentialsProvider lambdaCredentials(Map<String, String> environment) {
    if (environment.containsKey(CONTAINER_CREDENTIALS_URI)) {
      return ContainerCredentialsProvider.builder().build();
    }
    return EnvironmentVariableCredentialsProvider.create();
  }

  static final String CONTAINER_CREDENTIALS_URI = "AWS_CONTAINER_CREDENTIALS_FULL_URI";

  /**
   * The credentials of an environment given as a map: Lambda's (as {@link #lambdaCredentials}), or the
   * {@code AWS_ACCESS_KEY_ID} keys of the map itself when it holds them (the benchmark's in-process
   * functions, whose environment is not the process's).
   */
  static AwsCredentialsProvider credentials(Map<String, String> environment) {
    String keyId = environment.get("AWS_ACCESS_KEY_ID");
    String secretKey = environment.get("AWS_SECRET_ACCESS_KEY");
    if (environment.containsKey(CONTAINER_CREDENTIALS_URI) || keyId == null || secretKey == null) {
      return lambdaCredentials(environment);
    }
    String sessionToken = environment.get("AWS_SESSION_TOKEN");
    return StaticCredentialsProvider.create(sessionToken == null ? AwsBasicCredentials.create(keyId, secretKey)
        : AwsSessionCredentials.create(keyId, secretKey, sessionToken));
  }

  /**
   * A Secrets Manager client for reading the server secret once ({@link ServerSecret}); {@code endpoint}
   * overrides AWS's locally and in tests ({@code SECRETS_MANAGER_ENDPOINT}).
   */
  public static SecretsManagerClient secretsManager(String region, Optional<URI> endpoint,
      AwsCredentialsProvider credentials) {
    var builder = SecretsManagerClient.builder().region(Region.of(region)).credentialsProvider(credentials)
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(RetryBudget.SECRETS_MANAGER.strategy()));
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /** Local engines: any static credentials (DynamoDB Local and the SES emulator want a signature, not a secret). */
  public static AwsClients forLocalEngines(Settings settings) {
    return build(settings, StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
  }

  /** Clients built elsewhere (tests that attach interceptors); no EventBridge client. */
  public static AwsClients of(DynamoDbClient dynamoDb, SesV2Client ses) {
    return new AwsClients(() -> dynamoDb, () -> ses, () -> {
      throw new IllegalStateException("these clients have no EventBridge client");
    });
  }

  /** Clients built elsewhere (tests that attach interceptors). */
  public static AwsClients of(DynamoDbClient dynamoDb, SesV2Client ses, EventBridgeClient eventBridge) {
    return new AwsClients(() -> dynamoDb, () -> ses, () -> eventBridge);
  }

  private static AwsClients build(Settings settings, AwsCredentialsProvider credentials) {
    Region region = Region.of(settings.region());
    return new AwsClients(
        () -> {
          var builder = DynamoDbClient.builder().region(region).credentialsProvider(credentials)
              .httpClient(UrlConnectionHttpClient.create())
              .overrideConfiguration(o -> o.retryStrategy(RetryBudget.DYNAMODB.strategy()));
          settings.dynamoDbEndpoint().ifPresent(builder::endpointOverride);
          return builder.build();
        },
        () -> {
          var builder = SesV2Client.builder().region(region).credentialsProvider(credentials)
              .httpClient(UrlConnectionHttpClient.create())
              .overrideConfiguration(o -> o.retryStrategy(RetryBudget.SES.strategy()));
          settings.sesEndpoint().ifPresent(builder::endpointOverride);
          return builder.build();
        },
        () -> {
          var builder = EventBridgeClient.builder().region(region).credentialsProvider(credentials)
              .httpClient(UrlConnectionHttpClient.create())
              .overrideConfiguration(o -> o.retryStrategy(RetryBudget.EVENTBRIDGE.strategy()));
          settings.audit().eventBridgeEndpoint().ifPresent(builder::endpointOverride);
          return builder.build();
        });
  }

  public DynamoDbClient dynamoDb() {
    return dynamoDb.get();
  }

  public SesV2Client ses() {
    return ses.get();
  }

  public EventBridgeClient eventBridge() {
    return eventBridge.get();
  }

  private static <T> Supplier<T> memoize(Supplier<T> supplier) {
    return new Supplier<>() {
      private volatile T value;

      @Override
      public T get() {
        T result = value;
        if (result == null) {
          synchronized (this) {
            result = value;
            if (result == null) {
              result = supplier.get();
              value = result;
            }
          }
        }
        return result;
      }
    };
  }
}
