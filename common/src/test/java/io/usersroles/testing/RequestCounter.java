package io.usersroles.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Counts the requests a real SDK client sends (one per HTTP round trip, retries included), by operation. */
public final class RequestCounter implements ExecutionInterceptor {
  private final List<String> operations = new CopyOnWriteArrayList<>();

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
  }

  /** The operations sent since the last reset, in order. */
  public List<String> operations() {
    return new ArrayList<>(operations);
  }

  public int count() {
    return operations.size();
  }

  public long count(String operation) {
    return operations.stream().filter(operation::equals).count();
  }

  public void reset() {
    operations.clear();
  }
}
