package io.usersroles.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads one page of a list made of consecutive key ranges ("segments") of one partition, each
 * mapped to a common row type and filtered. It stops at {@code limit} rows, or after a bounded
 * amount of reading (a sparse filter then yields a short page with a cursor, never a long request).
 */
final class PagedQuery {
  /** Items read per DynamoDB request. */
  static final int ITEMS_PER_REQUEST = 100;
  /** DynamoDB requests one list call may make before it answers with what it has. */
  static final int MAX_REQUESTS = 10;

  private PagedQuery() {}

  /** One key range of the list; {@code toRow} maps an item to its row, or to nothing to leave it out. */
  record Segment<I extends TableItem, T>(Table table, ItemType<I> type, String sortKeyPrefix,
      Function<I, Optional<T>> toRow) {}

  static <T> ListPage<T> run(String partitionKey, List<Segment<?, T>> segments, ListPosition from, int limit) {
    if (from.segment() < 0 || from.segment() >= segments.size()) {
      return new ListPage<>(List.of(), null);
    }
    List<T> rows = new ArrayList<>();
    int requests = 0;
    String after = from.afterSortKey();
    for (int s = from.segment(); s < segments.size(); s++) {
      Reader<?, T> reader = new Reader<>(partitionKey, segments.get(s), after);
      after = null;
      while (reader.hasMorePages()) {
        if (requests == MAX_REQUESTS) {
          return new ListPage<>(rows, new ListPosition(s, reader.resumeAfter()));
        }
        requests++;
        List<Reader.Row<T>> page = reader.nextPage();
        for (int i = 0; i < page.size(); i++) {
          Reader.Row<T> row = page.get(i);
          if (row.value().isEmpty()) {
            continue;
          }
          rows.add(row.value().get());
          if (rows.size() == limit) {
            boolean lastOfAll = i == page.size() - 1 && !reader.hasMorePages() && s == segments.size() - 1;
            return new ListPage<>(rows, lastOfAll ? null : new ListPosition(s, row.sortKey()));
          }
        }
      }
    }
    return new ListPage<>(rows, null);
  }

  /** Pages through one segment. */
  private static final class Reader<I extends TableItem, T> {
    record Row<T>(String sortKey, Optional<T> value) {}

    private final String partitionKey;
    private final Segment<I, T> segment;
    private Map<String, AttributeValue> startKey;
    private String lastSortKey;
    private boolean exhausted;

    Reader(String partitionKey, Segment<I, T> segment, String afterSortKey) {
      this.partitionKey = partitionKey;
      this.segment = segment;
      if (afterSortKey != null) {
        this.startKey = Map.of(
            Keys.PARTITION_KEY, AttributeValue.fromS(partitionKey),
            Keys.SORT_KEY, AttributeValue.fromS(afterSortKey));
      }
      this.lastSortKey = afterSortKey;
    }

    boolean hasMorePages() {
      return !exhausted;
    }

    String resumeAfter() {
      return lastSortKey;
    }

    List<Row<T>> nextPage() {
      Table.QueryPage<I> page = segment.table().queryPage(segment.type(), partitionKey, segment.sortKeyPrefix(),
          startKey, ITEMS_PER_REQUEST);
      List<Row<T>> rows = new ArrayList<>(page.items().size());
      for (I item : page.items()) {
        rows.add(new Row<>(item.getSk(), segment.toRow().apply(item)));
        lastSortKey = item.getSk();
      }
      exhausted = page.last();
      if (!exhausted) {
        startKey = page.lastEvaluatedKey();
        lastSortKey = startKey.get(Keys.SORT_KEY).s();
      }
      return rows;
    }
  }
}
