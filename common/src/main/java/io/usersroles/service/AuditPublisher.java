package io.usersroles.service;

import io.usersroles.config.Settings;
import io.usersroles.domain.AuditEvent;
import io.usersroles.json.AuditEventJson;
import io.usersroles.store.Backoff;
import java.util.ArrayList;
import java.util.List;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Puts audit events on the EventBridge bus: {@code source} {@value #SOURCE}, {@code detail-type} the
 * action, {@code detail} the event as {@code GET /orgs/{orgId}/audit-events} lists it, {@code time} its
 * time. Ten entries per {@code PutEvents} (its limit); entries EventBridge refuses one by one are put
 * again, up to {@link #ATTEMPTS} times in all, and those still refused are reported back, for the
 * stream to deliver again (at least once: a consumer may see an event twice, and tells by its id).
 */
@Singleton
public final class AuditPublisher {
  public static final String SOURCE = "users-and-roles";
  /** PutEvents takes at most 10 entries. */
  static final int ENTRIES_PER_REQUEST = 10;
  /** Puts of one entry before it is reported as failed. */
  static final int ATTEMPTS = 3;

  private static final Logger LOG = LoggerFactory.getLogger(AuditPublisher.class);

  private final EventBridgeClient eventBridge;
  private final String bus;

  @Inject
  public AuditPublisher(EventBridgeClient eventBridge, Settings settings) {
    this.eventBridge = eventBridge;
    this.bus = settings.audit().eventBusName();
  }

  /** Puts {@code events} on the bus; returns the positions (in {@code events}) of those it could not put. */
  public List<Integer> publish(List<AuditEvent> events) {
    List<Integer> failed = new ArrayList<>();
    for (int from = 0; from < events.size(); from += ENTRIES_PER_REQUEST) {
      List<Integer> pending = new ArrayList<>();
      for (int i = from; i < Math.min(events.size(), from + ENTRIES_PER_REQUEST); i++) {
        pending.add(i);
      }
      for (int attempt = 1; !pending.isEmpty(); attempt++) {
        List<PutEventsRequestEntry> entries = new ArrayList<>(pending.size());
        for (int i : pending) {
          entries.add(entry(events.get(i)));
        }
        PutEventsResponse response = eventBridge.putEvents(r -> r.entries(entries));
        List<Integer> refused = new ArrayList<>();
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
          List<PutEventsResultEntry> results = response.entries();
          for (int j = 0; j < pending.size(); j++) {
            // each result answers the entry at its position; one without an id was not put
            PutEventsResultEntry result = j < results.size() ? results.get(j) : null;
            if (result == null || result.eventId() == null) {
              refused.add(pending.get(j));
              LOG.warn("EventBridge refused audit event {}: {} {}", events.get(pending.get(j)).id(),
                  result == null ? "no result" : result.errorCode(), result == null ? "" : result.errorMessage());
            }
          }
        }
        pending = refused;
        if (!pending.isEmpty()) {
          if (attempt == ATTEMPTS) {
            failed.addAll(pending);
            break;
          }
          Backoff.pause(attempt);
        }
      }
    }
    return failed;
  }

  private PutEventsRequestEntry entry(AuditEvent event) {
    return PutEventsRequestEntry.builder()
        .eventBusName(bus)
        .source(SOURCE)
        .detailType(event.action().wireName())
        .detail(AuditEventJson.text(AuditEventJson.event(event)))
        .time(event.at())
        .build();
  }
}
