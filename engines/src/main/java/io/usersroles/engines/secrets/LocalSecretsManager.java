package io.usersroles.engines.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.engines.http.AwsJsonEndpoint;
import io.usersroles.engines.http.AwsJsonEndpoint.Reply;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An endpoint that answers AWS Secrets Manager's {@code GetSecretValue} (JSON 1.1 protocol, the request a
 * real SDK client sends, signature ignored) for the secrets put into it. The functions read the server
 * secret through the real SDK client; locally, in tests and in the benchmark this is what answers it.
 */
public final class LocalSecretsManager implements AutoCloseable {
  /** The account and region the ARNs of this endpoint name. */
  public static final String ARN_PREFIX = "arn:aws:secretsmanager:us-east-1:000000000000:secret:";

  private static final ObjectMapper JSON = new ObjectMapper();

  private record Secret(String arn, String name, String versionId, String value) {}

  private final Map<String, Secret> secrets = new ConcurrentHashMap<>();
  private final AtomicInteger reads = new AtomicInteger();
  private AwsJsonEndpoint endpoint;

  private LocalSecretsManager() {}

  /** Listens on a free loopback port. */
  public static LocalSecretsManager start() {
    LocalSecretsManager secretsManager = new LocalSecretsManager();
    secretsManager.endpoint = AwsJsonEndpoint.start("local-secrets-manager", "secretsmanager.GetSecretValue",
        "InvalidRequestException", secretsManager::getSecretValue);
    return secretsManager;
  }

  /** The endpoint to give a Secrets Manager client ({@code endpointOverride}). */
  public URI endpoint() {
    return endpoint.endpoint();
  }

  /** Stores {@code value} as the string of a new secret called {@code name} and returns the secret's ARN. */
  public String put(String name, String value) {
    // Secrets Manager ends every ARN with a hyphen and six random characters
    String arn = ARN_PREFIX + name + "-" + UUID.randomUUID().toString().substring(0, 6);
    secrets.put(arn, new Secret(arn, name, UUID.randomUUID().toString(), value));
    return arn;
  }

  /** How many GetSecretValue requests were answered with a secret. */
  public int reads() {
    return reads.get();
  }

  private Reply getSecretValue(JsonNode request) {
    String id = request.path("SecretId").asText("");
    Secret secret = secrets.get(id);
    if (secret == null) {
      // by name, as Secrets Manager also accepts
      secret = secrets.values().stream().filter(s -> s.name().equals(id)).findFirst().orElse(null);
    }
    if (secret == null) {
      return Reply.error("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    }
    reads.incrementAndGet();
    ObjectNode response = JSON.createObjectNode()
        .put("ARN", secret.arn())
        .put("Name", secret.name())
        .put("VersionId", secret.versionId())
        .put("SecretString", secret.value())
        .put("CreatedDate", System.currentTimeMillis() / 1000.0);
    response.putArray("VersionStages").add("AWSCURRENT");
    return Reply.ok(response);
  }

  @Override
  public void close() {
    endpoint.close();
  }
}
