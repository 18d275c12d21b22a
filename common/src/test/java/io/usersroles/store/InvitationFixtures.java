package io.usersroles.store;

import io.usersroles.config.Settings;
import io.usersroles.domain.Ids;
import io.usersroles.domain.Invitation;
import io.usersroles.domain.InvitationStatus;
import io.usersroles.domain.ReminderPolicy;
import io.usersroles.security.InvitationLinks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes many open invitations straight to a table, item for item as {@link InvitationStore} writes
 * them (same schema, due-time index attributes, version 1), 25 per BatchWriteItem: for tests that
 * need thousands of invitations without sending thousands of emails.
 */
public final class InvitationFixtures {
  private static final int WRITES_PER_REQUEST = 25;

  private InvitationFixtures() {}

  /** One pending invitation of {@code email} into {@code orgId}, last sent at {@code lastSentAt}. */
  public static Invitation pending(String orgId, String email, String invitedBy, Instant lastSentAt, Settings settings) {
    return new Invitation(Ids.newInvitationId(), orgId, email, List.of("member"), InvitationStatus.PENDING,
        invitedBy, lastSentAt, lastSentAt.plus(settings.invitationTtl()), lastSentAt, 1, null, null);
  }

  /** Writes the invitations as open items (each address must not have one yet). */
  public static void writeOpen(DynamoDbClient client, String table, Settings settings, List<Invitation> invitations) {
    InvitationLinks links = new InvitationLinks(settings);
    ReminderPolicy policy = new ReminderPolicy(settings.reminderAfter(), settings.maxReminders());
    List<WriteRequest> writes = new ArrayList<>(invitations.size());
    for (Invitation invitation : invitations) {
      String nonce = links.newNonce();
      InvitationItem item = InvitationItem.open(invitation, Ids.addressKey(invitation.email()), nonce,
          links.hashOf(links.token(invitation.id(), nonce)));
      item.scheduleDue(policy);
      item.set(InvitationItem.VERSION, 1L); // what the versioning extension writes on a first put
      writes.add(WriteRequest.builder()
          .putRequest(PutRequest.builder().item(ItemSchema.of(InvitationItem.TYPE).itemToMap(item, true)).build()).build());
    }
    for (int from = 0; from < writes.size(); from += WRITES_PER_REQUEST) {
      Map<String, List<WriteRequest>> pending =
          Map.of(table, writes.subList(from, Math.min(writes.size(), from + WRITES_PER_REQUEST)));
      while (!pending.isEmpty()) {
        Map<String, List<WriteRequest>> request = pending;
        BatchWriteItemResponse response = client.batchWriteItem(r -> r.requestItems(request));
        pending = response.hasUnprocessedItems() ? new HashMap<>(response.unprocessedItems()) : Map.of();
      }
    }
  }

  /** The due-index attributes of an invitation's open slot or history item (empty when it has none). */
  public static Map<String, AttributeValue> dueAttributes(DynamoDbClient client, String table, String orgId,
      String invitationId, boolean open) {
    String sk = open ? openSlotOf(client, table, orgId, invitationId) : Keys.closedInvitation(invitationId);
    if (sk == null) {
      return Map.of();
    }
    Map<String, AttributeValue> item = client.getItem(r -> r.tableName(table).consistentRead(true)
        .key(Map.of(Keys.PARTITION_KEY, AttributeValue.fromS(Keys.org(orgId)),
            Keys.SORT_KEY, AttributeValue.fromS(sk)))).item();
    Map<String, AttributeValue> due = new HashMap<>();
    for (String name : List.of(Keys.DUE_SHARD, Keys.DUE_AT)) {
      if (item.containsKey(name)) {
        due.put(name, item.get(name));
      }
    }
    return due;
  }

  /** The open slot holding the invitation, through the invitation index (none: null). */
  private static String openSlotOf(DynamoDbClient client, String table, String orgId, String invitationId) {
    return client.query(r -> r.tableName(table).indexName(Keys.INVITATION_INDEX)
            .keyConditionExpression("#id = :id")
            .expressionAttributeNames(Map.of("#id", Keys.INVITATION_ID))
            .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(invitationId))))
        .items().stream()
        .filter(keys -> keys.get(Keys.PARTITION_KEY).s().equals(Keys.org(orgId)))
        .map(keys -> keys.get(Keys.SORT_KEY).s())
        .filter(sk -> sk.startsWith(Keys.OPEN_INVITATION_PREFIX))
        .findFirst().orElse(null);
  }
}
