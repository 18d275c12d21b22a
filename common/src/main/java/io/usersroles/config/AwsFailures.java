package io.usersroles.config;

import java.io.IOException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Which AWS SDK failures are the service's momentary state rather than a bug in the request. */
public final class AwsFailures {
  private AwsFailures() {}

  /**
   * True for throttling, a 5xx, a network error or time-out, and a DynamoDB transaction cancelled
   * because it was throttled: worth retrying later (the SDK already retried within its budget).
   */
  public static boolean isTransient(SdkException failure) {
    if (failure instanceof TransactionCanceledException cancelled) {
      return cancelled.hasCancellationReasons() && cancelled.cancellationReasons().stream()
          .map(CancellationReason::code)
          .anyMatch(code -> "ThrottlingError".equals(code) || "ProvisionedThroughputExceeded".equals(code));
    }
    if (failure instanceof AwsServiceException service) {
      return service.isThrottlingException() || service.statusCode() >= 500;
    }
    return failure instanceof SdkClientException
        && (failure.getCause() instanceof IOException || failure instanceof ApiCallTimeoutException
            || failure instanceof ApiCallAttemptTimeoutException);
  }
}
