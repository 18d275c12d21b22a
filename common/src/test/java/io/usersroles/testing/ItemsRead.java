package io.usersroles.testing;

import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Sums the items DynamoDB reads for reads (Query scanned counts, GetItem items, BatchGetItem items) and,
 * separately, the items any Scan examined: what "items read per reminder" is measured with.
 */
public final class ItemsRead implements ExecutionInterceptor {
  private final AtomicLong items = new AtomicLong();
  private final AtomicLong scanned = new AtomicLong();
  private final String queriedPrefix;

  /** Counts every read. */
  public ItemsRead() {
    this(null);
  }

  private ItemsRead(String queriedPrefix) {
    this.queriedPrefix = queriedPrefix;
  }

  /**
   * Counts only the items of queries whose key condition names a value starting with {@code prefix}
   * (such as {@code AUDIT#}: one access pattern among the reads of a request).
   */
  public static ItemsRead ofQueriesFor(String prefix) {
    return new ItemsRead(prefix);
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    SdkResponse response = context.response();
    if (queriedPrefix != null) {
      if (response instanceof QueryResponse query && context.request() instanceof QueryRequest request
          && request.expressionAttributeValues().values().stream()
              .anyMatch(value -> value.s() != null && value.s().startsWith(queriedPrefix))) {
        items.addAndGet(query.scannedCount());
      }
      return;
    }
    if (response instanceof QueryResponse query) {
      items.addAndGet(query.scannedCount()); // what was read, before any filter
    } else if (response instanceof GetItemResponse get) {
      items.addAndGet(get.hasItem() && !get.item().isEmpty() ? 1 : 0);
    } else if (response instanceof BatchGetItemResponse batch) {
      batch.responses().values().forEach(found -> items.addAndGet(found.size()));
    } else if (response instanceof ScanResponse scan) {
      scanned.addAndGet(scan.scannedCount());
    }
  }

  public long count() {
    return items.get();
  }

  public long scanned() {
    return scanned.get();
  }

  public void reset() {
    items.set(0);
    scanned.set(0);
  }
}
