package io.usersroles.di;

import dagger.Module;
import dagger.Provides;
import io.usersroles.config.AwsClients;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** Bindings of the common module; components bind {@code Settings}, {@code Clock} and {@code AwsClients}. */
@Module
public interface CommonModule {
  @Provides
  static DynamoDbClient dynamoDb(AwsClients clients) {
    return clients.dynamoDb();
  }

  @Provides
  static SesV2Client ses(AwsClients clients) {
    return clients.ses();
  }

  @Provides
  static EventBridgeClient eventBridge(AwsClients clients) {
    return clients.eventBridge();
  }
}
