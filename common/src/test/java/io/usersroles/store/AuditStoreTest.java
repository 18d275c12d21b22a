package io.usersroles.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usersroles.domain.AuditAction;
import io.usersroles.domain.AuditEvent;
import io.usersroles.domain.AuditQuery;
import io.usersroles.domain.Principal;
import io.usersroles.testing.ItemsRead;
import io.usersroles.testing.TestEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The audit log as stored: an event written by several transactions of one request is one item with all
 * their targets; targets taken back leave the rest (or nothing); the newest page reads one item more than
 * it returns; filters and time windows; events past the retention are not listed.
 */
class AuditStoreTest {
  private static final TestEnvironment ENV = TestEnvironment.get();
  private static final Duration RETENTION = Duration.ofDays(400);
  private static final Principal OWNER = new Principal.User("usr_owner", "owner@example.test", true, "Owner",
      List.of());

  private final ItemsRead read = new ItemsRead();
  private final Table table = new Table(ENV.dynamoDbClient(read), ENV.createTable());
  private final AuditStore store = new AuditStore(table, RETENTION);
  private final Instant now = Instant.parse("2026-12-07T10:00:00Z");

  private AuditEvent event(String orgId, AuditAction action, Instant at, String... targetIds) {
    AuditEvent event = AuditEvent.of(OWNER, "req-" + at.toEpochMilli(), orgId, action, at);
    for (String id : targetIds) {
      event = event.withTarget(new AuditEvent.Target(AuditEvent.Target.USER, id, id + "@example.test", "N " + id));
    }
    return event;
  }

  private void write(AuditEvent event) {
    table.transact(List.of(store.record(event)));
  }

  private List<AuditEvent> all(String orgId, AuditQuery query) {
    List<AuditEvent> events = new ArrayList<>();
    ListPosition position = ListPosition.START;
    do {
      ListPage<AuditEvent> page = store.list(orgId, query, now, position, 7);
      events.addAll(page.rows());
      position = page.next();
    } while (position != null);
    return events;
  }

  @Test
  void anEventReadsBackAsWrittenAndItsTransactionsAddTheirTargetsToOneItem() {
    AuditEvent whole = event("org_a", AuditAction.ROLE_UPDATED, now.minusSeconds(5), "u1", "u2", "u3")
        .withChange("name", "Ops", "Operations")
        .withChange("projects", List.of("a"), List.of("a", "b"))
        .withChange("allProjects", false, true);
    write(whole.onlyTargets(whole.targets().subList(0, 2)));
    write(whole.onlyTargets(whole.targets().subList(2, 3)));

    List<AuditEvent> listed = all("org_a", AuditQuery.ALL);
    assertThat(listed).containsExactly(whole);
  }

  @Test
  void withdrawingTargetsLeavesTheOthersAndWithdrawingTheLastLeavesNoEvent() {
    AuditEvent event = event("org_w", AuditAction.INVITATION_REMINDED, now.minusSeconds(5), "i1", "i2");
    write(event);

    table.transact(List.of(store.withdraw(event, List.of("i1")).orElseThrow()));
    assertThat(all("org_w", AuditQuery.ALL)).extracting(AuditEvent::targets)
        .containsExactly(List.of(event.targets().get(1)));
    assertThat(store.withdraw(event, List.of("i1"))).as("nothing of it left to take back").isEmpty();

    table.transact(List.of(store.withdraw(event, List.of("i2")).orElseThrow()));
    assertThat(all("org_w", AuditQuery.ALL)).isEmpty();
    assertThat(store.withdraw(event, List.of("i2"))).isEmpty();
  }

  @Test
  void aWithdrawalDecidedOnAnEventThatChangedSinceFails() {
    AuditEvent event = event("org_r", AuditAction.INVITATION_REMINDED, now.minusSeconds(5), "i1");
    write(event);
    TransactWriteItem stale = store.withdraw(event, List.of("i1")).orElseThrow();
    write(event.onlyTargets(List.of(new AuditEvent.Target(AuditEvent.Target.INVITATION, "i2", null, null))));

    assertThatThrownBy(() -> table.transact(List.of(stale)))
        .isInstanceOf(ConcurrentChangeException.class);
    assertThat(all("org_r", AuditQuery.ALL).get(0).targets()).hasSize(2);
  }

  @Test
  void theNewestPageOfFiftyReadsFiftyOneItemsAndPagesGoBackInTime() {
    List<AuditEvent> written = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      AuditEvent event = event("org_p", AuditAction.MEMBER_REMOVED, now.minusSeconds(1000 - i), "u" + i);
      write(event);
      written.add(0, event); // newest first
    }
    read.reset();
    ListPage<AuditEvent> first = store.list("org_p", AuditQuery.ALL, now, ListPosition.START, 50);
    assertThat(read.count()).isEqualTo(51);
    assertThat(first.rows()).containsExactlyElementsOf(written.subList(0, 50));

    read.reset();
    ListPage<AuditEvent> second = store.list("org_p", AuditQuery.ALL, now, first.next(), 50);
    assertThat(read.count()).isEqualTo(51);
    assertThat(second.rows()).containsExactlyElementsOf(written.subList(50, 100));
    ListPage<AuditEvent> last = store.list("org_p", AuditQuery.ALL, now, second.next(), 50);
    assertThat(last.rows()).containsExactlyElementsOf(written.subList(100, 120));
    assertThat(last.next()).isNull();
  }

  @Test
  void filtersAndTimeWindowsSelectTheirEventsOnly() {
    Instant t0 = now.minus(Duration.ofHours(10));
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      AuditAction action = i % 3 == 0 ? AuditAction.ROLE_CREATED : AuditAction.MEMBER_ROLES_UPDATED;
      AuditEvent event = event("org_f", action, t0.plus(Duration.ofMinutes(i)), "u" + (i % 5), "shared");
      if (i % 2 == 0) {
        event = new AuditEvent(event.id(), event.orgId(), event.at(), new AuditEvent.Actor("service_account", "sa_1"),
            event.action(), event.targets(), event.changes(), event.requestId());
      }
      write(event);
      events.add(0, event);
    }
    write(event("org_other", AuditAction.ROLE_CREATED, t0, "u0"));

    assertThat(all("org_f", AuditQuery.ALL)).containsExactlyElementsOf(events);
    assertThat(all("org_f", new AuditQuery(Optional.of(AuditAction.ROLE_CREATED), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty())))
        .containsExactlyElementsOf(events.stream().filter(e -> e.action() == AuditAction.ROLE_CREATED).toList());
    assertThat(all("org_f", new AuditQuery(Optional.empty(), Optional.of("sa_1"), Optional.empty(), Optional.empty(),
        Optional.empty())))
        .containsExactlyElementsOf(events.stream().filter(e -> e.actor().id().equals("sa_1")).toList());
    assertThat(all("org_f", new AuditQuery(Optional.empty(), Optional.empty(), Optional.of("u3"), Optional.empty(),
        Optional.empty())))
        .containsExactlyElementsOf(events.stream()
            .filter(e -> e.targets().stream().anyMatch(t -> t.id().equals("u3"))).toList());
    Instant since = t0.plus(Duration.ofMinutes(10));
    Instant until = t0.plus(Duration.ofMinutes(20));
    assertThat(all("org_f", new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(since),
        Optional.of(until))))
        .as("since inclusive, until exclusive")
        .containsExactlyElementsOf(events.stream().filter(e -> !e.at().isBefore(since) && e.at().isBefore(until))
            .toList());
  }

  @Test
  void eventsPastTheRetentionAreNotListed() {
    write(event("org_old", AuditAction.ORG_UPDATED, now.minus(RETENTION).minusSeconds(1), "org_old"));
    AuditEvent recent = event("org_old", AuditAction.ORG_UPDATED, now.minus(RETENTION).plusSeconds(60), "org_old");
    write(recent);
    assertThat(all("org_old", AuditQuery.ALL)).containsExactly(recent);
  }

  @Test
  void aSparseFilterAnswersShortPagesWithACursorRatherThanReadingWithoutEnd() {
    for (int i = 0; i < 1_100; i++) {
      write(event("org_s", AuditAction.MEMBER_REMOVED, now.minusSeconds(5_000 - i), "u" + i));
    }
    AuditEvent needle = event("org_s", AuditAction.ROLE_DELETED, now.minusSeconds(6_000), "r1");
    write(needle);
    AuditQuery deleted = new AuditQuery(Optional.of(AuditAction.ROLE_DELETED), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty());
    read.reset();
    ListPage<AuditEvent> first = store.list("org_s", deleted, now, ListPosition.START, 50);
    assertThat(read.count()).isLessThanOrEqualTo(AuditStore.MAX_REQUESTS * AuditStore.ITEMS_PER_FILTERED_REQUEST);
    assertThat(first.rows()).isEmpty();
    assertThat(first.next()).isNotNull();
    assertThat(store.list("org_s", deleted, now, first.next(), 50).rows()).containsExactly(needle);
  }

  @Test
  void aTransactionWithTheEventIsAllOrNothing() {
    AuditEvent event = event("org_t", AuditAction.ROLE_CREATED, now.minusSeconds(1), "r1");
    // the second action fails its condition: the event is not written either
    TransactWriteItem conflicting = TransactWriteItem.builder()
        .conditionCheck(c -> c.tableName(table.name()).key(TableItem.rawKey("ORG#org_t", "PROFILE"))
            .conditionExpression("attribute_exists(pk)"))
        .build();
    assertThatThrownBy(() -> table.transact(List.of(store.record(event), conflicting)))
        .isInstanceOf(ConcurrentChangeException.class);
    assertThat(all("org_t", AuditQuery.ALL)).isEmpty();
  }
}
