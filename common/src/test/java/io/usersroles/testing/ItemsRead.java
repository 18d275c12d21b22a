package io.usersroles.testing;

import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Sums the items DynamoDB reads for reads (Query scanned counts, GetItem items, BatchGetItem items) and,
 * separately, the items any Scan examined: what "items read per reminder" is measured with.
 */
public final class ItemsRead implements ExecutionInterceptor {
  private final AtomicLong items = new AtomicLong();
  private final AtomicLong scanned = new AtomicLong();

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    SdkResponse response = context.response();
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
