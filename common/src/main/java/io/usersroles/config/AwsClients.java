package io.usersroles.config;

import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The AWS SDK clients, each built on first use (a function that never sends email never pays for an
 * SES client) with the URLConnection HTTP client, an explicit region and an explicit credentials
 * provider.
 */
public final class AwsClients {
  private final Supplier<DynamoDbClient> dynamoDb;
  private final Supplier<SesV2Client> ses;

  private AwsClients(Supplier<DynamoDbClient> dynamoDb, Supplier<SesV2Client> ses) {
    this.dynamoDb = memoize(dynamoDb);
    this.ses = memoize(ses);
  }

  /** Deployed: credentials from the Lambda environment's variables. */
  public static AwsClients forLambda(Settings settings) {
    return build(settings, EnvironmentVariableCredentialsProvider.create());
  }

  /** Local engines: any static credentials (DynamoDB Local and the SES emulator want a signature, not a secret). */
  public static AwsClients forLocalEngines(Settings settings) {
    return build(settings, StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
  }

  /** Clients built elsewhere (tests that attach interceptors). */
  public static AwsClients of(DynamoDbClient dynamoDb, SesV2Client ses) {
    return new AwsClients(() -> dynamoDb, () -> ses);
  }

  private static AwsClients build(Settings settings, AwsCredentialsProvider credentials) {
    Region region = Region.of(settings.region());
    return new AwsClients(
        () -> {
          var builder = DynamoDbClient.builder().region(region).credentialsProvider(credentials)
              .httpClient(UrlConnectionHttpClient.create());
          settings.dynamoDbEndpoint().ifPresent(builder::endpointOverride);
          return builder.build();
        },
        () -> {
          var builder = SesV2Client.builder().region(region).credentialsProvider(credentials)
              .httpClient(UrlConnectionHttpClient.create());
          settings.sesEndpoint().ifPresent(builder::endpointOverride);
          return builder.build();
        });
  }

  public DynamoDbClient dynamoDb() {
    return dynamoDb.get();
  }

  public SesV2Client ses() {
    return ses.get();
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
