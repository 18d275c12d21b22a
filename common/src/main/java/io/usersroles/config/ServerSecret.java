package io.usersroles.config;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * The server secret (the keys of invitation links, list cursors and stored idempotent answers derive
 * from it). Deployed, functions get only its Secrets Manager ARN and read the value through the SDK on
 * first use, once per execution environment: when a request first needs one of those keys
 * ({@code DerivedKey}), so only functions that page, sign links or store idempotent answers read it.
 */
public final class ServerSecret {
  private final Optional<String> arn;
  private final Supplier<SecretsManagerClient> clients;
  private volatile byte[] bytes;

  private ServerSecret(Optional<String> arn, Supplier<SecretsManagerClient> clients, byte[] bytes) {
    this.arn = arn;
    this.clients = clients;
    this.bytes = bytes;
  }

  /** A secret given as bytes (tests); at least {@link Settings#MIN_SECRET_BYTES} of them. */
  public static ServerSecret of(byte[] bytes) {
    return new ServerSecret(Optional.empty(), null, checked(bytes.clone(), "the server secret"));
  }

  /**
   * The secret Secrets Manager holds at {@code arn}, as base64 text; {@code clients} builds the client that
   * reads it (used once, then closed).
   */
  public static ServerSecret inSecretsManager(String arn, Supplier<SecretsManagerClient> clients) {
    Objects.requireNonNull(arn, "arn");
    Objects.requireNonNull(clients, "clients");
    return new ServerSecret(Optional.of(arn), clients, null);
  }

  /** The ARN the secret is read from, if it is read from Secrets Manager. */
  public Optional<String> arn() {
    return arn;
  }

  /** The secret's bytes, read on the first call. */
  public byte[] bytes() {
    byte[] result = bytes;
    if (result == null) {
      synchronized (this) {
        result = bytes;
        if (result == null) {
          result = read();
          bytes = result;
        }
      }
    }
    return result.clone();
  }

  private byte[] read() {
    String name = arn.orElseThrow();
    GetSecretValueResponse response;
    try (SecretsManagerClient client = clients.get()) {
      response = client.getSecretValue(r -> r.secretId(name));
    }
    if (response.secretString() == null) {
      throw new IllegalStateException("the server secret " + name + " holds no SecretString");
    }
    byte[] decoded;
    try {
      decoded = Settings.decodeSecret(response.secretString());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the server secret " + name + " is not base64");
    }
    return checked(decoded, "the server secret " + name);
  }

  private static byte[] checked(byte[] secret, String what) {
    if (secret.length < Settings.MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(what + " must hold at least " + Settings.MIN_SECRET_BYTES + " bytes");
    }
    return secret;
  }

  @Override
  public String toString() {
    return "ServerSecret[" + arn.orElse("given") + "]";
  }
}
