package io.usersroles.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.usersroles.config.Settings;
import io.usersroles.domain.AuditAction;
import io.usersroles.domain.AuditEvent;
import io.usersroles.domain.AuditQuery;
import io.usersroles.domain.Invitation;
import io.usersroles.testing.TestEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The reminder job's claims, {@value DueInvitationStore#CLAIMS_PER_TRANSACTION} to a transaction with their
 * orgs' events: every invitation unchanged since it was read is claimed once and named once in its org's event;
 * one that changed in between is left out of a batch without costing the others their claim.
 */
class DueInvitationClaimsTest {
  private static final TestEnvironment ENV = TestEnvironment.get();
  private static final String INVITER = "usr_inviter";

  private final String tableName = ENV.createTable();
  private final Settings settings = ENV.settings(tableName);
  private final Table table = new Table(ENV.dynamoDbClient(), tableName);
  private final AuditStore audit = new AuditStore(table, Duration.ofDays(400));
  private final DueInvitationStore store =
      new DueInvitationStore(table, new InvitationStore(table, settings, audit), audit, settings);
  private final Instant now = Instant.now();

  @Test
  void aBatchClaimsEveryUnchangedInvitationOnceAndNamesEachInItsOrgsEventOnce() {
    List<VersionedInvitation> due = seed(3, 60); // 60 due in three orgs: three transactions
    Map<String, AuditEvent> events = new HashMap<>();
    Map<String, VersionedInvitation> claimed = store.claimReminders(due, now, orgId -> event(events, orgId));

    assertThat(claimed.keySet()).containsExactlyInAnyOrderElementsOf(ids(due));
    for (VersionedInvitation before : due) {
      VersionedInvitation after = claimed.get(before.invitation().id());
      assertThat(after.remindersSent()).isEqualTo(before.remindersSent() + 1);
      assertThat(after.invitation().sendCount()).isEqualTo(before.invitation().sendCount() + 1);
      assertThat(after.version()).isEqualTo(before.version() + 1);
    }
    assertEventsName(events, due);
    // claimed again from the same read: every condition fails, nothing is claimed, no event grows
    assertThat(store.claimReminders(due, now, orgId -> event(events, orgId))).isEmpty();
    assertEventsName(events, due);
  }

  @Test
  void anInvitationThatChangedSinceItWasReadIsLeftOutAndTheRestOfItsBatchIsClaimed() {
    List<VersionedInvitation> due = seed(2, 30);
    Map<String, AuditEvent> other = new HashMap<>();
    // another run claims two of them first (one in each of the first two transactions' worth)
    List<VersionedInvitation> taken = List.of(due.get(3), due.get(27));
    assertThat(store.claimReminders(taken, now, orgId -> event(other, orgId))).hasSize(2);

    Map<String, AuditEvent> events = new HashMap<>();
    Map<String, VersionedInvitation> claimed = store.claimReminders(due, now, orgId -> event(events, orgId));
    List<VersionedInvitation> rest = new ArrayList<>(due);
    rest.removeAll(taken);
    assertThat(claimed.keySet()).containsExactlyInAnyOrderElementsOf(ids(rest));
    assertEventsName(events, rest);
    assertEventsName(other, taken);
  }

  /** {@code count} pending invitations in {@code orgs} orgs, all due, as the due index returns them. */
  private List<VersionedInvitation> seed(int orgs, int count) {
    List<Invitation> pending = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      pending.add(InvitationFixtures.pending("org_claims" + (i % orgs), TestEnvironment.uniqueEmail("due" + i),
          INVITER, now.minus(Duration.ofDays(4)), settings));
    }
    InvitationFixtures.writeOpen(ENV.dynamoDbClient(), tableName, settings, pending);
    List<VersionedInvitation> due = new ArrayList<>();
    for (int shard = 0; shard < Keys.DUE_SHARDS; shard++) {
      Optional<DueInvitationStore.DueCursor> cursor = Optional.empty();
      do {
        DueInvitationStore.DuePage page = store.due(shard, now, 100, cursor);
        due.addAll(page.invitations());
        cursor = page.next();
      } while (cursor.isPresent());
    }
    assertThat(due).hasSize(count);
    return due;
  }

  private AuditEvent event(Map<String, AuditEvent> events, String orgId) {
    return events.computeIfAbsent(orgId, org -> new AuditEvent(io.usersroles.domain.Ids.newAuditEventId(), org, now,
        AuditEvent.Actor.system("invitation-reminders"), AuditAction.INVITATION_REMINDED, List.of(), Map.of(),
        "req-claims"));
  }

  /** Each org's one stored event names exactly its invitations of {@code expected}, each once. */
  private void assertEventsName(Map<String, AuditEvent> events, List<VersionedInvitation> expected) {
    Map<String, List<String>> byOrg = expected.stream().collect(Collectors.groupingBy(v -> v.invitation().orgId(),
        Collectors.mapping(v -> v.invitation().id(), Collectors.toList())));
    assertThat(events.keySet()).containsAll(byOrg.keySet());
    for (Map.Entry<String, List<String>> org : byOrg.entrySet()) {
      List<AuditEvent> stored = audit.list(org.getKey(), AuditQuery.ALL, now, ListPosition.START, 50).rows().stream()
          .filter(e -> e.id().equals(events.get(org.getKey()).id())).toList();
      assertThat(stored).hasSize(1);
      assertThat(stored.get(0).targets().stream().map(AuditEvent.Target::id).toList())
          .containsExactlyInAnyOrderElementsOf(org.getValue());
    }
  }

  private static Set<String> ids(List<VersionedInvitation> invitations) {
    return invitations.stream().map(v -> v.invitation().id()).collect(Collectors.toSet());
  }
}
