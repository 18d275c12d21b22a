package io.usersroles.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.usersroles.domain.Membership;
import io.usersroles.testing.TestEnvironment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The table's own writes, on DynamoDB Local: a versioned item is put only where there is none and then
 * carries version 1; an update lands only on the version it was read at and stores the next one; an
 * update removes the attributes an item no longer has and keeps its keys; a counter change adds to what
 * is stored and honours its cap; a transaction's actions keep their order in a cancellation's reasons.
 */
class TableWritesTest {
  private static final TestEnvironment ENV = TestEnvironment.get();

  private final Table table = new Table(ENV.dynamoDbClient(), ENV.createTable());

  private static MembershipItem member(String email) {
    return MembershipItem.of(new Membership("org_w", "usr_w", email, "Wendy", List.of("member"),
        Instant.parse("2026-12-07T10:00:00Z")), "inv_w");
  }

  private MembershipItem stored() {
    return table.get(MembershipItem.TYPE, Keys.org("org_w"), Keys.member("usr_w")).orElseThrow();
  }

  @Test
  void aVersionedPutLandsOnlyWhereThereIsNoneAndAnUpdateOnlyOnTheVersionRead() {
    table.transact(table.tx().put(MembershipItem.TYPE, member("w@example.test")));
    MembershipItem first = stored();
    assertThat(first.get(MembershipItem.VERSION)).isEqualTo(1L);
    assertThat(first.toMembership()).isEqualTo(member("w@example.test").toMembership());

    assertThatThrownBy(() -> table.transact(table.tx().put(MembershipItem.TYPE, member("x@example.test"))))
        .isInstanceOf(ConcurrentChangeException.class);

    MembershipItem renamed = first.copyInto(new MembershipItem());
    renamed.set(MembershipItem.NAME, "Wendy W.");
    table.transact(table.tx().update(MembershipItem.TYPE, renamed));
    assertThat(stored().get(MembershipItem.VERSION)).isEqualTo(2L);
    assertThat(stored().get(MembershipItem.NAME)).isEqualTo("Wendy W.");

    // written again from the first read: version 1 is no longer stored
    assertThatThrownBy(() -> table.transact(table.tx().update(MembershipItem.TYPE, renamed)))
        .isInstanceOf(ConcurrentChangeException.class);
    assertThat(stored().get(MembershipItem.NAME)).isEqualTo("Wendy W.");
  }

  @Test
  void anUpdateRemovesWhatTheItemNoLongerHasAndKeepsItsKeys() {
    table.transact(table.tx().put(MembershipItem.TYPE, member("w@example.test")));
    MembershipItem without = stored().copyInto(new MembershipItem());
    without.set(MembershipItem.EMAIL, null);
    without.set(MembershipItem.INVITATION_ID, null);
    table.transact(table.tx().update(MembershipItem.TYPE, without));

    Map<String, AttributeValue> raw = ENV.dynamoDbClient().getItem(r -> r.tableName(table.name)
        .key(TableItem.rawKey(Keys.org("org_w"), Keys.member("usr_w"))).consistentRead(true)).item();
    assertThat(raw).doesNotContainKeys(MembershipItem.EMAIL.name(), MembershipItem.INVITATION_ID.name())
        .containsKeys(Keys.PARTITION_KEY, Keys.SORT_KEY, Keys.ENTITY, MembershipItem.NAME.name());
    assertThat(stored().toMembership().email()).isNull();
  }

  @Test
  void countersAddUpAndHonourTheirCap() {
    table.transact(table.tx().count("org_w", UsageItem.Counter.PENDING_INVITATIONS, 3));
    table.transact(table.tx().count("org_w", UsageItem.Counter.PENDING_INVITATIONS, -1));
    assertThat(table.get(UsageItem.TYPE, Keys.org("org_w"), Keys.USAGE).orElseThrow()
        .get(UsageItem.PENDING_INVITATIONS)).isEqualTo(2L);

    // 2 more where at most 3 may be before: there are 2, so they fit; then 3 more where at most 2 may be
    table.transact(table.tx().count("org_w", UsageItem.Counter.PENDING_INVITATIONS, 2, 3));
    assertThatThrownBy(() -> table.transact(table.tx().count("org_w", UsageItem.Counter.PENDING_INVITATIONS, 3, 2)))
        .isInstanceOf(ConcurrentChangeException.class);
    assertThat(table.get(UsageItem.TYPE, Keys.org("org_w"), Keys.USAGE).orElseThrow()
        .get(UsageItem.PENDING_INVITATIONS)).isEqualTo(4L);
  }

  @Test
  void aCancelledTransactionNamesTheActionThatFailedInTheOrderTheyWereAdded() {
    table.transact(table.tx().put(MembershipItem.TYPE, member("w@example.test")));
    ConcurrentChangeException lost = (ConcurrentChangeException) catchThrowable(
        () -> table.transact(table.tx()
            .count("org_w", UsageItem.Counter.SERVICE_ACCOUNTS, 1)
            .delete(Keys.org("org_w"), Keys.member("usr_w"), Conditions.versionIs(7L))
            .put(MemberEmailItem.TYPE, MemberEmailItem.of("org_w", "w@example.test", "usr_w"), Conditions.ABSENT)));
    assertThat(lost.failedAt(0)).isFalse();
    assertThat(lost.failedAt(1)).isTrue();
    assertThat(lost.failedAt(2)).isFalse();
    assertThat(stored()).isNotNull();
  }
}
