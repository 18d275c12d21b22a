package io.usersroles.store;

import io.usersroles.domain.Membership;
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
 * Writes many active members straight to a table, item for item as accepting an invitation writes them
 * (the membership at version 1 and the member's address claim), 25 items per BatchWriteItem: for
 * benchmarks of organisations with thousands of members, without thousands of invitations.
 */
public final class MembershipFixtures {
  private static final int WRITES_PER_REQUEST = 25;

  private MembershipFixtures() {}

  /** Writes the memberships (each user and address must not be a member of its org yet). */
  public static void writeActive(DynamoDbClient client, String table, List<Membership> memberships) {
    List<WriteRequest> writes = new ArrayList<>(memberships.size() * 2);
    for (Membership membership : memberships) {
      MembershipItem member = MembershipItem.of(membership, null);
      member.set(MembershipItem.VERSION, 1L); // what the versioning extension writes on a first put
      writes.add(put(ItemSchema.of(MembershipItem.TYPE).itemToMap(member, true)));
      if (membership.email() != null) {
        MemberEmailItem address = MemberEmailItem.of(membership.orgId(), membership.email(), membership.userId());
        writes.add(put(ItemSchema.of(MemberEmailItem.TYPE).itemToMap(address, true)));
      }
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

  private static WriteRequest put(Map<String, AttributeValue> item) {
    return WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build();
  }
}
