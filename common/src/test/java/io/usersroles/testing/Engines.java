package io.usersroles.testing;

import io.usersroles.config.AwsClients;
import io.usersroles.config.Settings;
import io.usersroles.engines.LocalIdentityProvider;
import io.usersroles.engines.SesEmulator;
import java.net.URI;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.SesV2ClientBuilder;

/**
 * Where integration tests run: DynamoDB and SES engines plus a JWT issuer. {@link TestEnvironment}
 * (DynamoDB Local + the SES emulator) always; {@link LocalStackEngines} when a Docker engine is present.
 */
public interface Engines {
  /** Creates a fresh, empty table (keys, index and TTL as deployed) and returns its name. */
  String createTable();

  /** Settings for a function against {@code tableName} on these engines. */
  Settings settings(String tableName);

  /** A real SDK client with the given interceptors. */
  DynamoDbClient dynamoDbClient(ExecutionInterceptor... interceptors);

  /** A real SDK client with the given interceptors. */
  SesV2Client sesClient(ExecutionInterceptor... interceptors);

  /** A real SDK client on these engines' EventBridge (the audit publisher's). */
  EventBridgeClient eventBridgeClient(ExecutionInterceptor... interceptors);

  /** A real SDK client on the table's stream (what Lambda's event source mapping reads). */
  DynamoDbStreamsClient dynamoDbStreamsClient();

  /** A client for test bookkeeping (scans, counts) that no request counter sees. */
  DynamoDbClient adminClient();

  LocalIdentityProvider identityProvider();

  /** Every email these engines delivered to {@code address}, oldest first. */
  List<SesEmulator.SentEmail> sentTo(String address);

  /**
   * Builds an SDK client the way every engine hands them out: endpoint, region, credentials, URLConnection
   * HTTP, and the product's retry budget for that service (its attempts, without the waits).
   */
  static <B extends AwsClientBuilder<B, C> & SdkSyncClientBuilder<B, C>, C> C client(B builder, URI endpoint,
      String region, AwsCredentialsProvider credentials, ExecutionInterceptor... interceptors) {
    AwsClients.RetryBudget budget = builder instanceof SesV2ClientBuilder ? AwsClients.RetryBudget.SES
        : builder instanceof EventBridgeClientBuilder ? AwsClients.RetryBudget.EVENTBRIDGE
        : builder instanceof SecretsManagerClientBuilder ? AwsClients.RetryBudget.SECRETS_MANAGER
        : AwsClients.RetryBudget.DYNAMODB;
    return builder.endpointOverride(endpoint)
        .region(Region.of(region))
        .credentialsProvider(credentials)
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(ClientOverrideConfiguration.builder().executionInterceptors(List.of(interceptors))
            .retryStrategy(budget.withoutWaiting().strategy())
            .build())
        .build();
  }
}
