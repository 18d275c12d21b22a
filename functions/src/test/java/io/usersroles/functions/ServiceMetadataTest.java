package io.usersroles.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.regions.DefaultServiceMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.ServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.DynamodbServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.EmailServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.EventsServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.SecretsmanagerServiceMetadata;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The functions' region metadata provider (software.amazon.awssdk.regions.GeneratedServiceMetadataProvider,
 * which precedes the SDK's on this module's class path as it replaces it in functions.jar): every client
 * AwsClients builds gets the SDK's generated metadata for its service, and nothing else is loaded.
 */
class ServiceMetadataTest {
  record Service(String endpointPrefix, Class<? extends ServiceMetadata> generated) {}

  static List<Service> clients() {
    return List.of(
        new Service(DynamoDbClient.SERVICE_METADATA_ID, DynamodbServiceMetadata.class),
        new Service(SesV2Client.SERVICE_METADATA_ID, EmailServiceMetadata.class),
        new Service(SecretsManagerClient.SERVICE_METADATA_ID, SecretsmanagerServiceMetadata.class),
        new Service(EventBridgeClient.SERVICE_METADATA_ID, EventsServiceMetadata.class));
  }

  @ParameterizedTest
  @MethodSource("clients")
  void everyClientTheFunctionsBuildSignsWithItsServicesGeneratedMetadata(Service service) {
    ServiceMetadata metadata = ServiceMetadata.of(service.endpointPrefix());
    assertThat(metadata).isExactlyInstanceOf(service.generated());
    for (Region region : List.of(Region.EU_WEST_1, Region.US_EAST_1, Region.AP_SOUTHEAST_2, Region.US_GOV_WEST_1,
        Region.CN_NORTH_1)) {
      assertThat(metadata.signingRegion(region)).isNotNull();
      assertThat(metadata.endpointFor(region)).isNotNull();
    }
  }

  @ParameterizedTest
  @MethodSource("unused")
  void aServiceTheFunctionsDoNotCallGetsTheDefaultMetadata(String endpointPrefix) {
    assertThat(ServiceMetadata.of(endpointPrefix)).isExactlyInstanceOf(DefaultServiceMetadata.class);
  }

  static List<String> unused() {
    return List.of("s3", "sns", "sqs", "access-analyzer");
  }
}
