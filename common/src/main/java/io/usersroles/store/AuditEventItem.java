package io.usersroles.store;

import io.usersroles.domain.AuditAction;
import io.usersroles.domain.AuditEvent;
import io.usersroles.json.AuditEventJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code AUDIT#{orgId} / EVENT#{at}#{eventId}}: one audit event. The sort key puts an org's events in
 * time order, so the newest page is one query read backwards, and a time window is a key range.
 *
 * <p>Written only through {@link AuditStore#record}, an update that creates the item or adds targets to
 * it, in the transaction of the change it records. Targets are stored as JSON objects in a list, with
 * their ids alongside ({@code targetIds}) for the {@code targetId} filter; {@code revision} counts the
 * writes, so that taking targets back out ({@link AuditStore#withdraw}) is conditional on what was read.
 * DynamoDB's TTL removes the item {@code AUDIT_RETENTION_DAYS} after the event.
 */
public final class AuditEventItem extends TableItem {
  static final ItemType<AuditEventItem> TYPE = new ItemType<>("audit-event", AuditEventItem.class, AuditEventItem::new);
  static final Attribute<String> ORG_ID = TYPE.string("orgId");
  static final Attribute<String> EVENT_ID = TYPE.string("eventId");
  static final Attribute<String> AT = TYPE.string("at");
  static final Attribute<String> ACTOR_TYPE = TYPE.string("actorType");
  static final Attribute<String> ACTOR_ID = TYPE.string("actorId");
  static final Attribute<String> ACTION = TYPE.string("action");
  static final Attribute<List<String>> TARGETS = TYPE.strings("targets");
  static final Attribute<List<String>> TARGET_IDS = TYPE.strings("targetIds");
  /** The changed fields as a JSON object ({@code {field: {from, to}}}); absent when there are none. */
  static final Attribute<String> CHANGES = TYPE.string("changes");
  static final Attribute<String> REQUEST_ID = TYPE.string("requestId");
  static final Attribute<Long> REVISION = TYPE.number("revision");
  static final Attribute<Long> EXPIRE_ITEM_AT = TYPE.number(Keys.TTL_ATTRIBUTE);

  AuditEventItem() {
    super(TYPE);
  }

  /** The sort key of an event: its time, then its id (two events of one millisecond keep their own items). */
  static String sortKey(Instant at, String eventId) {
    return Keys.AUDIT_EVENT_PREFIX + AuditEventJson.instant(at) + "#" + eventId;
  }

  /** The event this item holds. */
  AuditEvent toEvent() {
    List<AuditEvent.Target> targets = new ArrayList<>();
    List<String> stored = get(TARGETS);
    if (stored != null) {
      stored.forEach(text -> targets.add(AuditEventJson.target(AuditEventJson.parse(text))));
    }
    String changes = get(CHANGES);
    return new AuditEvent(get(EVENT_ID), get(ORG_ID), Instant.parse(get(AT)),
        new AuditEvent.Actor(get(ACTOR_TYPE), get(ACTOR_ID)),
        AuditAction.byWireName(get(ACTION)).orElseThrow(() -> new IllegalStateException(
            "stored audit event " + get(EVENT_ID) + " has an unknown action " + get(ACTION))),
        targets, changes == null ? Map.of() : AuditEventJson.changes(AuditEventJson.parse(changes)),
        get(REQUEST_ID));
  }

  /** The event in a raw item (a stream record's new image), if the item is one. */
  public static Optional<AuditEvent> fromImage(Map<String, AttributeValue> image) {
    AttributeValue entity = image.get(Keys.ENTITY);
    if (entity == null || !TYPE.entity().equals(entity.s())) {
      return Optional.empty();
    }
    return Optional.of(TYPE.decode(image).toEvent());
  }
}
