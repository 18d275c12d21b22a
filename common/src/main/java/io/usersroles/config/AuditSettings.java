package io.usersroles.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How audit events are kept and published: how long the table keeps them ({@code AUDIT_RETENTION_DAYS}),
 * the EventBridge bus they are put on ({@code EVENT_BUS_NAME}) and, locally and in tests, the endpoint
 * that answers EventBridge's API ({@code EVENTBRIDGE_ENDPOINT}).
 */
public record AuditSettings(Duration retention, String eventBusName, Optional<URI> eventBridgeEndpoint) {
  public static final int DEFAULT_RETENTION_DAYS = 400;
  /** Ten years: far past any audit policy, far from overflowing a TTL. */
  public static final int MAX_RETENTION_DAYS = 3650;
  public static final String DEFAULT_BUS = "default";
  public static final AuditSettings DEFAULTS =
      new AuditSettings(Duration.ofDays(DEFAULT_RETENTION_DAYS), DEFAULT_BUS, Optional.empty());

  public AuditSettings {
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(eventBusName, "eventBusName");
    Objects.requireNonNull(eventBridgeEndpoint, "eventBridgeEndpoint");
    if (retention.toDays() < 1 || retention.toDays() > MAX_RETENTION_DAYS) {
      throw new IllegalArgumentException("audit retention must be between 1 and " + MAX_RETENTION_DAYS + " days");
    }
    if (eventBusName.isBlank()) {
      throw new IllegalArgumentException("the event bus name must not be blank");
    }
  }

  /** The same settings publishing to {@code endpoint} (the local server's and the tests' EventBridge). */
  public AuditSettings withEventBridgeEndpoint(URI endpoint) {
    return new AuditSettings(retention, eventBusName, Optional.of(endpoint));
  }
}
