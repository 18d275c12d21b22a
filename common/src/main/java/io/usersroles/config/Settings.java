package io.usersroles.config;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a function needs from its environment, read and checked once per execution
 * environment. Deployed, it comes from the variables template.yaml sets; locally and in tests it is
 * built in code.
 */
public record Settings(
    String region,
    String tableName,
    Optional<URI> dynamoDbEndpoint,
    Optional<URI> sesEndpoint,
    String senderAddress,
    String acceptUrlBase,
    String productName,
    URI jwksUrl,
    String jwtIssuer,
    String jwtAudience,
    String groupsClaim,
    Duration invitationTtl,
    ServerSecret serverSecret,
    int reminderAfterDays,
    int maxReminders,
    OrgLimits limits,
    AuditSettings audit,
    Optional<String> emailConfigurationSet) {

  /** Days after the last send before a pending invitation gets a reminder (REMINDER_AFTER_DAYS). */
  public static final int DEFAULT_REMINDER_AFTER_DAYS = 3;
  /** Reminders an invitation gets at most (MAX_REMINDERS). */
  public static final int DEFAULT_MAX_REMINDERS = 1;
  /** Upper bounds that keep the reminder arithmetic far from overflow. */
  private static final int MAX_REMINDER_AFTER_DAYS = 3650;
  private static final int MAX_MAX_REMINDERS = 100;

  /** The shortest server secret we accept: 256 bits. */
  public static final int MIN_SECRET_BYTES = 32;

  public Settings {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(tableName, "tableName");
    Objects.requireNonNull(dynamoDbEndpoint, "dynamoDbEndpoint");
    Objects.requireNonNull(sesEndpoint, "sesEndpoint");
    Objects.requireNonNull(senderAddress, "senderAddress");
    Objects.requireNonNull(acceptUrlBase, "acceptUrlBase");
    Objects.requireNonNull(productName, "productName");
    Objects.requireNonNull(jwksUrl, "jwksUrl");
    Objects.requireNonNull(jwtIssuer, "jwtIssuer");
    Objects.requireNonNull(jwtAudience, "jwtAudience");
    Objects.requireNonNull(groupsClaim, "groupsClaim");
    Objects.requireNonNull(invitationTtl, "invitationTtl");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(serverSecret, "serverSecret");
    Objects.requireNonNull(emailConfigurationSet, "emailConfigurationSet");
    if (invitationTtl.isNegative() || invitationTtl.isZero()) {
      throw new IllegalArgumentException("the invitation lifetime must be positive");
    }
    if (reminderAfterDays < 1 || reminderAfterDays > MAX_REMINDER_AFTER_DAYS) {
      throw new IllegalArgumentException("reminderAfterDays must be between 1 and " + MAX_REMINDER_AFTER_DAYS);
    }
    if (maxReminders < 0 || maxReminders > MAX_MAX_REMINDERS) {
      throw new IllegalArgumentException("maxReminders must be between 0 and " + MAX_MAX_REMINDERS);
    }
  }

  /** Settings with the default reminder schedule. */
  public Settings(String region, String tableName, Optional<URI> dynamoDbEndpoint, Optional<URI> sesEndpoint,
      String senderAddress, String acceptUrlBase, String productName, URI jwksUrl, String jwtIssuer,
      String jwtAudience, String groupsClaim, Duration invitationTtl, ServerSecret serverSecret) {
    this(region, tableName, dynamoDbEndpoint, sesEndpoint, senderAddress, acceptUrlBase, productName, jwksUrl,
        jwtIssuer, jwtAudience, groupsClaim, invitationTtl, serverSecret, DEFAULT_REMINDER_AFTER_DAYS,
        DEFAULT_MAX_REMINDERS);
  }

  /** Settings with the default per-org limits. */
  public Settings(String region, String tableName, Optional<URI> dynamoDbEndpoint, Optional<URI> sesEndpoint,
      String senderAddress, String acceptUrlBase, String productName, URI jwksUrl, String jwtIssuer,
      String jwtAudience, String groupsClaim, Duration invitationTtl, ServerSecret serverSecret, int reminderAfterDays,
      int maxReminders) {
    this(region, tableName, dynamoDbEndpoint, sesEndpoint, senderAddress, acceptUrlBase, productName, jwksUrl,
        jwtIssuer, jwtAudience, groupsClaim, invitationTtl, serverSecret, reminderAfterDays, maxReminders,
        OrgLimits.DEFAULTS);
  }

  /** Settings with the default audit retention and the default event bus. */
  public Settings(String region, String tableName, Optional<URI> dynamoDbEndpoint, Optional<URI> sesEndpoint,
      String senderAddress, String acceptUrlBase, String productName, URI jwksUrl, String jwtIssuer,
      String jwtAudience, String groupsClaim, Duration invitationTtl, ServerSecret serverSecret, int reminderAfterDays,
      int maxReminders, OrgLimits limits) {
    this(region, tableName, dynamoDbEndpoint, sesEndpoint, senderAddress, acceptUrlBase, productName, jwksUrl,
        jwtIssuer, jwtAudience, groupsClaim, invitationTtl, serverSecret, reminderAfterDays, maxReminders, limits,
        AuditSettings.DEFAULTS);
  }

  /** Settings that send email without an SES configuration set (no bounce or complaint reports). */
  public Settings(String region, String tableName, Optional<URI> dynamoDbEndpoint, Optional<URI> sesEndpoint,
      String senderAddress, String acceptUrlBase, String productName, URI jwksUrl, String jwtIssuer,
      String jwtAudience, String groupsClaim, Duration invitationTtl, ServerSecret serverSecret, int reminderAfterDays,
      int maxReminders, OrgLimits limits, AuditSettings audit) {
    this(region, tableName, dynamoDbEndpoint, sesEndpoint, senderAddress, acceptUrlBase, productName, jwksUrl,
        jwtIssuer, jwtAudience, groupsClaim, invitationTtl, serverSecret, reminderAfterDays, maxReminders, limits,
        audit, Optional.empty());
  }

  /** The same settings with another reminder schedule (tests, the local server). */
  public Settings withReminders(int afterDays, int max) {
    return new Settings(region, tableName, dynamoDbEndpoint, sesEndpoint, senderAddress, acceptUrlBase, productName,
        jwksUrl, jwtIssuer, jwtAudience, groupsClaim, invitationTtl, serverSecret, afterDays, max, limits, audit,
        emailConfigurationSet);
  }

  /** The same settings with other per-org limits (tests use small ones). */
  public Settings withLimits(OrgLimits other) {
    return new Settings(region, tableName, dynamoDbEndpoint, sesEndpoint, senderAddress, acceptUrlBase, productName,
        jwksUrl, jwtIssuer, jwtAudience, groupsClaim, invitationTtl, serverSecret, reminderAfterDays, maxReminders,
        other, audit, emailConfigurationSet);
  }

  /** The same settings with other audit settings (the local server's and the tests' EventBridge endpoint). */
  public Settings withAudit(AuditSettings other) {
    return new Settings(region, tableName, dynamoDbEndpoint, sesEndpoint, senderAddress, acceptUrlBase, productName,
        jwksUrl, jwtIssuer, jwtAudience, groupsClaim, invitationTtl, serverSecret, reminderAfterDays, maxReminders,
        limits, other, emailConfigurationSet);
  }

  /** The same settings with another source of the server secret (tests that watch it being read). */
  public Settings withServerSecret(ServerSecret other) {
    return new Settings(region, tableName, dynamoDbEndpoint, sesEndpoint, senderAddress, acceptUrlBase, productName,
        jwksUrl, jwtIssuer, jwtAudience, groupsClaim, invitationTtl, other, reminderAfterDays, maxReminders, limits,
        audit, emailConfigurationSet);
  }

  /**
   * The same settings sending email with the SES configuration set {@code name}, whose event destination
   * reports bounces and complaints (tests, the local server).
   */
  public Settings withEmailConfigurationSet(String name) {
    return new Settings(region, tableName, dynamoDbEndpoint, sesEndpoint, senderAddress, acceptUrlBase, productName,
        jwksUrl, jwtIssuer, jwtAudience, groupsClaim, invitationTtl, serverSecret, reminderAfterDays, maxReminders,
        limits, audit, Optional.of(name));
  }

  /** How long after the last send a reminder is due. */
  public Duration reminderAfter() {
    return Duration.ofDays(reminderAfterDays);
  }

  @Override
  public String toString() {
    return "Settings[region=" + region + ", table=" + tableName + ", dynamoDbEndpoint=" + dynamoDbEndpoint
        + ", sesEndpoint=" + sesEndpoint + ", sender=" + senderAddress + ", acceptUrlBase=" + acceptUrlBase
        + ", jwks=" + jwksUrl + ", issuer=" + jwtIssuer + ", audience=" + jwtAudience + ", groupsClaim="
        + groupsClaim + ", invitationTtl=" + invitationTtl + ", reminderAfterDays=" + reminderAfterDays
        + ", maxReminders=" + maxReminders + ", limits=" + limits + ", audit=" + audit + ", emailConfigurationSet="
        + emailConfigurationSet + ", serverSecret=" + serverSecret + "]";
  }

  /**
   * Reads the variables template.yaml sets. Every problem is reported at once, so a misconfigured
   * deployment fails its first invocation with the whole list.
   */
  public static Settings fromEnvironment(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    Reader read = new Reader(env, problems);
    String region = read.required("AWS_REGION");
    String table = read.required("TABLE_NAME");
    Optional<URI> ddb = read.optionalUri("DYNAMODB_ENDPOINT");
    Optional<URI> ses = read.optionalUri("SES_ENDPOINT");
    String sender = read.required("SENDER_ADDRESS");
    String acceptUrlBase = read.required("ACCEPT_URL_BASE");
    String product = env.getOrDefault("PRODUCT_NAME", "Users & Roles");
    URI jwks = read.optionalUri("JWKS_URL").orElse(null);
    if (jwks == null && !env.containsKey("JWKS_URL")) {
      problems.add("JWKS_URL is not set");
    }
    String issuer = read.required("JWT_ISSUER");
    String audience = read.required("JWT_AUDIENCE");
    String groupsClaim = env.getOrDefault("GROUPS_CLAIM", "groups");
    Duration ttl = read.duration("INVITATION_TTL", Duration.ofDays(7));
    String secretArn = read.required("SERVER_SECRET_ARN");
    Optional<URI> secretsManager = read.optionalUri("SECRETS_MANAGER_ENDPOINT");
    int reminderAfterDays = read.integer("REMINDER_AFTER_DAYS", DEFAULT_REMINDER_AFTER_DAYS, 1,
        MAX_REMINDER_AFTER_DAYS);
    int maxReminders = read.integer("MAX_REMINDERS", DEFAULT_MAX_REMINDERS, 0, MAX_MAX_REMINDERS);
    OrgLimits limits = new OrgLimits(
        read.integer("MAX_PENDING_INVITATIONS", OrgLimits.DEFAULT_PENDING_INVITATIONS, 1,
            OrgLimits.CEILING_PENDING_INVITATIONS),
        read.integer("MAX_CUSTOM_ROLES", OrgLimits.DEFAULT_CUSTOM_ROLES, 1, OrgLimits.CEILING_CUSTOM_ROLES),
        read.integer("MAX_SERVICE_ACCOUNTS", OrgLimits.DEFAULT_SERVICE_ACCOUNTS, 1,
            OrgLimits.CEILING_SERVICE_ACCOUNTS));
    int auditRetentionDays = read.integer("AUDIT_RETENTION_DAYS", AuditSettings.DEFAULT_RETENTION_DAYS, 1,
        AuditSettings.MAX_RETENTION_DAYS);
    String eventBus = env.getOrDefault("EVENT_BUS_NAME", AuditSettings.DEFAULT_BUS).trim();
    if (eventBus.isEmpty()) {
      problems.add("EVENT_BUS_NAME is blank");
    }
    Optional<URI> eventBridge = read.optionalUri("EVENTBRIDGE_ENDPOINT");
    // deployed, always set (template.yaml): the configuration set whose events mark bounced invitations
    Optional<String> configurationSet = Optional.ofNullable(env.get("SES_CONFIGURATION_SET")).map(String::trim)
        .filter(name -> !name.isEmpty());
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Invalid configuration: " + String.join("; ", problems));
    }
    ServerSecret secret = ServerSecret.inSecretsManager(secretArn,
        () -> AwsClients.secretsManager(region, secretsManager, AwsClients.credentials(env)));
    return new Settings(region, table, ddb, ses, sender, acceptUrlBase, product, jwks, issuer, audience,
        groupsClaim, ttl, secret, reminderAfterDays, maxReminders, limits,
        new AuditSettings(Duration.ofDays(auditRetentionDays), eventBus, eventBridge), configurationSet);
  }

  /** Decodes a server secret given as base64 or base64url text. */
  public static byte[] decodeSecret(String text) {
    String trimmed = text.trim();
    try {
      return Base64.getDecoder().decode(trimmed);
    } catch (IllegalArgumentException notStandard) {
      return Base64.getUrlDecoder().decode(trimmed);
    }
  }

  private record Reader(Map<String, String> env, List<String> problems) {
    String required(String name) {
      String value = env.get(name);
      if (value == null || value.isBlank()) {
        problems.add(name + " is not set");
        return null;
      }
      return value.trim();
    }

    Optional<URI> optionalUri(String name) {
      String value = env.get(name);
      if (value == null || value.isBlank()) {
        return Optional.empty();
      }
      try {
        URI uri = URI.create(value.trim());
        if (!uri.isAbsolute()) {
          problems.add(name + " must be an absolute URL");
          return Optional.empty();
        }
        return Optional.of(uri);
      } catch (IllegalArgumentException e) {
        problems.add(name + " is not a URL: " + e.getMessage());
        return Optional.empty();
      }
    }

    Duration duration(String name, Duration fallback) {
      String value = env.get(name);
      if (value == null || value.isBlank()) {
        return fallback;
      }
      try {
        Duration parsed = Duration.parse(value.trim());
        if (parsed.isNegative() || parsed.isZero()) {
          problems.add(name + " must be positive");
          return fallback;
        }
        return parsed;
      } catch (DateTimeParseException e) {
        problems.add(name + " is not an ISO-8601 duration such as P7D");
        return fallback;
      }
    }

    int integer(String name, int fallback, int min, int max) {
      String value = env.get(name);
      if (value == null || value.isBlank()) {
        return fallback;
      }
      try {
        int parsed = Integer.parseInt(value.trim());
        if (parsed < min || parsed > max) {
          problems.add(name + " must be between " + min + " and " + max);
          return fallback;
        }
        return parsed;
      } catch (NumberFormatException e) {
        problems.add(name + " is not a whole number");
        return fallback;
      }
    }
  }
}
