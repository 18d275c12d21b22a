package io.usersroles.store;

import io.usersroles.domain.EmailAddress;
import io.usersroles.domain.Ids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import javax.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * One person's things across organisations, through the sparse {@code ByPerson} index: the
 * memberships of a user ({@code personKey = USER#userId}) and the open invitations to an address
 * ({@code personKey = ADDRESS#addressKey}), one query each (more pages only past about 1 MB). The
 * index is eventually consistent: it trails writes by a moment, so what it answers is a listing,
 * never the basis of a write.
 */
@Singleton
public final class PersonStore {
  private final Table table;

  @Inject
  public PersonStore(Table table) {
    this.table = table;
  }

  /** A membership as the index shows it: the org and the roles assigned to the member there. */
  public record MembershipEntry(String orgId, List<String> roles) {
    public MembershipEntry {
      roles = List.copyOf(roles);
    }
  }

  /** An open invitation as the index shows it (its status is open; its expiry may have passed). */
  public record InvitationEntry(String invitationId, String orgId, String email, List<String> roles,
      String invitedBy, Instant expiresAt) {
    public InvitationEntry {
      roles = List.copyOf(roles);
    }
  }

  /** Every membership of {@code userId}, in org id order. */
  public List<MembershipEntry> memberships(String userId) {
    List<MembershipEntry> memberships = new ArrayList<>();
    for (TableItem item : query(Keys.personOfUser(userId))) {
      if (item instanceof MembershipItem membership) {
        memberships.add(new MembershipEntry(membership.get(MembershipItem.ORG_ID),
            orEmpty(membership.get(MembershipItem.ROLES))));
      }
    }
    return memberships;
  }

  /** Every open invitation to {@code address}, in org id order (one per org at most). */
  public List<InvitationEntry> openInvitations(EmailAddress address) {
    List<InvitationEntry> invitations = new ArrayList<>();
    for (TableItem item : query(Keys.personOfAddress(Ids.addressKey(address)))) {
      // the key is a digest of the address: the address itself decides
      if (item instanceof InvitationItem invitation && address.value().equals(invitation.get(InvitationItem.EMAIL))) {
        invitations.add(new InvitationEntry(invitation.get(InvitationItem.INVITATION_ID),
            invitation.get(InvitationItem.ORG_ID), invitation.get(InvitationItem.EMAIL),
            orEmpty(invitation.get(InvitationItem.ROLES)), invitation.get(InvitationItem.INVITED_BY),
            Instant.ofEpochMilli(invitation.get(InvitationItem.EXPIRES_AT))));
      }
    }
    return invitations;
  }

  /** The items of one {@code ByPerson} partition, as projected, following pages. */
  private List<TableItem> query(String personKey) {
    List<TableItem> items = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      QueryResponse page = table.client.query(r -> r.tableName(table.name).indexName(Keys.PERSON_INDEX)
          .keyConditionExpression("#person = :person")
          .expressionAttributeNames(Map.of("#person", Keys.PERSON_KEY))
          .expressionAttributeValues(Map.of(":person", AttributeValue.fromS(personKey)))
          .exclusiveStartKey(from));
      page.items().forEach(raw -> items.add(Table.toItem(raw)));
      start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
    } while (start != null);
    return items;
  }

  private static List<String> orEmpty(List<String> roles) {
    return roles == null ? List.of() : roles;
  }
}
