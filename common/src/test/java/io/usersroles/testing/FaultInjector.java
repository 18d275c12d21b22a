package io.usersroles.testing;

import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;

/**
 * Fails a real SDK client's requests the way AWS does: while armed, every attempt of the named
 * operations throws the service's own exception (error code and HTTP status as AWS sends them)
 * before anything is transmitted, so the SDK's retry strategy runs exactly as it would against a
 * throttled or broken service, and nothing reaches the engine. Counts the attempts it failed.
 */
public final class FaultInjector implements ExecutionInterceptor {
  private final Set<String> operations;
  private final Supplier<? extends SdkException> failure;
  private final AtomicBoolean armed = new AtomicBoolean();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger toPass = new AtomicInteger();
  private volatile boolean once;

  public FaultInjector(Set<String> operations, Supplier<? extends SdkException> failure) {
    this.operations = Set.copyOf(operations);
    this.failure = failure;
  }

  /** DynamoDB over its provisioned throughput: 400 ProvisionedThroughputExceededException. */
  public static FaultInjector dynamoDbThroughputExceeded(String... operations) {
    return new FaultInjector(Set.of(operations), () -> ProvisionedThroughputExceededException.builder()
        .message("Injected: the level of configured provisioned throughput for the table was exceeded")
        .statusCode(400)
        .awsErrorDetails(AwsErrorDetails.builder().serviceName("DynamoDb")
            .errorCode("ProvisionedThroughputExceededException").errorMessage("Injected throttling").build())
        .build());
  }

  /** DynamoDB throttling an on-demand table or the account: 400 ThrottlingException. */
  public static FaultInjector dynamoDbThrottling(String... operations) {
    return new FaultInjector(Set.of(operations), () -> DynamoDbException.builder()
        .message("Injected: Rate of requests exceeds the allowed throughput")
        .statusCode(400)
        .awsErrorDetails(AwsErrorDetails.builder().serviceName("DynamoDb").errorCode("ThrottlingException")
            .errorMessage("Injected throttling").build())
        .build());
  }

  /**
   * Another writer got there first: 400 TransactionCanceledException, one ConditionalCheckFailed reason
   * (what DynamoDB answers a transaction whose condition on a version no longer holds).
   */
  public static FaultInjector dynamoDbTransactionConflict(String... operations) {
    return new FaultInjector(Set.of(operations), () -> TransactionCanceledException.builder()
        .message("Injected: Transaction cancelled, please refer cancellation reasons for specific reasons "
            + "[ConditionalCheckFailed]")
        .statusCode(400)
        .cancellationReasons(CancellationReason.builder().code("ConditionalCheckFailed")
            .message("The conditional request failed").build())
        .awsErrorDetails(AwsErrorDetails.builder().serviceName("DynamoDb").errorCode("TransactionCanceledException")
            .errorMessage("Injected conflict").build())
        .build());
  }

  /** SES over its sending rate: 429 TooManyRequestsException. */
  public static FaultInjector sesThrottling(String... operations) {
    return new FaultInjector(Set.of(operations), () -> TooManyRequestsException.builder()
        .message("Injected: Too many requests")
        .statusCode(429)
        .awsErrorDetails(AwsErrorDetails.builder().serviceName("SESv2").errorCode("TooManyRequestsException")
            .errorMessage("Injected throttling").build())
        .build());
  }

  /** SES down: 503 ServiceUnavailable. */
  public static FaultInjector sesOutage(String... operations) {
    return new FaultInjector(Set.of(operations), () -> SesV2Exception.builder()
        .message("Injected: Service unavailable")
        .statusCode(503)
        .awsErrorDetails(AwsErrorDetails.builder().serviceName("SESv2").errorCode("ServiceUnavailable")
            .errorMessage("Injected outage").build())
        .build());
  }

  /** SES unreachable: the connection is refused (a client-side I/O failure, which the SDK retries too). */
  public static FaultInjector sesUnreachable(String... operations) {
    return new FaultInjector(Set.of(operations), () -> SdkClientException.builder()
        .message("Injected: Unable to execute HTTP request: Connection refused")
        .cause(new java.net.ConnectException("Connection refused"))
        .build());
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    if (armed.get() && operations.contains(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
        && toPass.getAndDecrement() <= 0) {
      if (once) {
        armed.set(false);
      }
      failed.incrementAndGet();
      throw failure.get();
    }
  }

  /** Fails the next attempt of the named operations only, then lets everything through. */
  public FaultInjector armOnce() {
    toPass.set(0);
    once = true;
    armed.set(true);
    return this;
  }

  /** From now on the named operations fail. */
  public FaultInjector arm() {
    toPass.set(0);
    once = false;
    armed.set(true);
    return this;
  }

  /** Lets the next {@code calls} attempts of the named operations through, then fails the rest. */
  public FaultInjector armAfter(int calls) {
    toPass.set(calls);
    once = false;
    armed.set(true);
    return this;
  }

  /** From now on everything goes through again. */
  public void disarm() {
    armed.set(false);
  }

  /** Attempts failed since creation (or the last reset). */
  public int failedAttempts() {
    return failed.get();
  }

  public void reset() {
    failed.set(0);
  }
}
