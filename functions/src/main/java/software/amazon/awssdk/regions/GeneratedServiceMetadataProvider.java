package software.amazon.awssdk.regions;

import java.util.Map;
import software.amazon.awssdk.regions.servicemetadata.DynamodbServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.EmailServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.EventsServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.SecretsmanagerServiceMetadata;

/**
 * The deployed jar's stand-in for the SDK class of the same name, which the SDK's region metadata
 * loader ({@code MetadataLoader}) builds when the first client is built, to find the client's signing
 * region. The SDK's version holds an instance of every AWS service's generated metadata, over 300 of
 * them: loading those classes was about 150 ms of every cold start (half of what our functions took
 * beyond a minimal one-{@code GetItem} program). This one holds the four services the functions call,
 * with the SDK's own generated classes; for any other service, {@code ServiceMetadata.of} falls back,
 * as it does for a service the SDK does not know, to the default metadata (signing in the client's
 * region).
 *
 * <p>Only {@code functions.jar} carries it: the shade plugin leaves out the SDK's copy (functions/pom.xml)
 * and ProGuard then drops the metadata nobody reaches. {@code ServiceMetadataTest} checks it serves
 * every client {@code AwsClients} builds; {@code ShadedJarTest} checks the jar holds it and no service
 * module it lacks.
 */
public final class GeneratedServiceMetadataProvider implements ServiceMetadataProvider {
  /** By endpoint prefix, each client's {@code SERVICE_METADATA_ID}. */
  private static final Map<String, ServiceMetadata> SERVICE_METADATA = Map.of(
      "dynamodb", new DynamodbServiceMetadata(),
      "email", new EmailServiceMetadata(), // SES v2
      "events", new EventsServiceMetadata(), // EventBridge
      "secretsmanager", new SecretsmanagerServiceMetadata());

  @Override
  public ServiceMetadata serviceMetadata(String endpointPrefix) {
    return SERVICE_METADATA.get(endpointPrefix);
  }
}
