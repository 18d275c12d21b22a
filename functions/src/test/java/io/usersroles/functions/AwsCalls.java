package io.usersroles.functions;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sesv2.model.SendBulkEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/**
 * Every AWS request the functions' SDK clients send, per function, as the IAM authorisation it needs:
 * an action ({@code dynamodb:Query}) on a resource ({@code table}, {@code index/ByPerson},
 * {@code ses:identity}, ...). A transaction needs the action of each of its items (TransactWriteItems
 * is authorised as PutItem, UpdateItem, DeleteItem and ConditionCheckItem), which is what is recorded.
 */
final class AwsCalls {
  /** An IAM action on a resource, named as {@link TemplateLeastPrivilegeTest} names template resources. */
  record Grant(String action, String resource) implements Comparable<Grant> {
    @Override
    public int compareTo(Grant other) {
      return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
      return action + " on " + resource;
    }
  }

  private final Map<String, Set<Grant>> byFunction = new ConcurrentHashMap<>();

  /** An interceptor that records the requests of the function {@code logicalId}. */
  ExecutionInterceptor of(String logicalId) {
    Set<Grant> grants = byFunction.computeIfAbsent(logicalId, id -> ConcurrentHashMap.newKeySet());
    return new ExecutionInterceptor() {
      @Override
      public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        record(context.request(), attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
            attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), grants);
      }
    };
  }

  /** What each function was recorded doing, by logical id. */
  Map<String, Set<Grant>> recorded() {
    Map<String, Set<Grant>> copy = new TreeMap<>();
    byFunction.forEach((id, grants) -> copy.put(id, new TreeSet<>(grants)));
    return copy;
  }

  private static void record(SdkRequest request, String service, String operation, Set<Grant> grants) {
    switch (service) {
      case "DynamoDb" -> dynamoDb(request, operation, grants);
      case "SesV2" -> {
        grants.add(new Grant("ses:" + operation, "ses:identity"));
        String configurationSet = request instanceof SendBulkEmailRequest bulk ? bulk.configurationSetName()
            : request instanceof SendEmailRequest single ? single.configurationSetName() : null;
        if (configurationSet != null) {
          grants.add(new Grant("ses:" + operation, "ses:configuration-set"));
        }
      }
      case "EventBridge" -> {
        for (PutEventsRequestEntry entry : ((PutEventsRequest) request).entries()) {
          // the bus the settings name (EVENT_BUS_NAME), which the template names by the same parameter
          grants.add(new Grant("events:" + operation, entry.eventBusName() == null ? "?" : "event-bus"));
        }
      }
      case "SecretsManager" -> grants.add(new Grant("secretsmanager:" + operation, "server-secret"));
      default -> grants.add(new Grant(service + ":" + operation, "?"));
    }
  }

  private static void dynamoDb(SdkRequest request, String operation, Set<Grant> grants) {
    if (request instanceof TransactWriteItemsRequest transaction) {
      for (TransactWriteItem item : transaction.transactItems()) {
        String action = item.put() != null ? "PutItem" : item.update() != null ? "UpdateItem"
            : item.delete() != null ? "DeleteItem" : "ConditionCheckItem";
        grants.add(new Grant("dynamodb:" + action, "table"));
      }
      return;
    }
    String index = request instanceof QueryRequest query ? query.indexName()
        : request instanceof ScanRequest scan ? scan.indexName() : null;
    String action = "TransactGetItems".equals(operation) ? "GetItem" : operation;
    grants.add(new Grant("dynamodb:" + action, index == null ? "table" : "index/" + index));
  }
}
