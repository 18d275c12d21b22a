package io.usersroles.testing;

import io.usersroles.config.Settings;
import io.usersroles.engines.LocalIdentityProvider;
import io.usersroles.engines.SesEmulator;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

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

  /** A client for test bookkeeping (scans, counts) that no request counter sees. */
  DynamoDbClient adminClient();

  LocalIdentityProvider identityProvider();

  /** Every email these engines delivered to {@code address}, oldest first. */
  List<SesEmulator.SentEmail> sentTo(String address);
}
