package io.usersroles.store;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClientExtension;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbExtensionContext;
import software.amazon.awssdk.enhanced.dynamodb.extensions.WriteModification;
import software.amazon.awssdk.enhanced.dynamodb.internal.operations.OperationName;
import software.amazon.awssdk.enhanced.dynamodb.update.AddAction;
import software.amazon.awssdk.enhanced.dynamodb.update.UpdateExpression;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns the counter attributes of a {@link UsageItem} update into {@code ADD counter :delta}, so that
 * counter changes can ride in the same enhanced-client transactions as the items they count (the
 * enhanced client has no other way to express an increment by a variable amount).
 */
final class CounterExtension implements DynamoDbEnhancedClientExtension {
  private static final String ADDED = ":added_";

  @Override
  public WriteModification beforeWrite(DynamoDbExtensionContext.BeforeWrite context) {
    Map<String, AttributeValue> item = context.items();
    AttributeValue entity = item.get(Keys.ENTITY);
    if (entity == null || !UsageItem.TYPE.entity().equals(entity.s())) {
      return WriteModification.builder().build();
    }
    if (context.operationName() != OperationName.UPDATE_ITEM) {
      // a put would overwrite the counts with deltas
      throw new IllegalStateException("usage counters are only ever changed by update, not " + context.operationName());
    }
    Map<String, AttributeValue> rest = new HashMap<>();
    UpdateExpression.Builder additions = UpdateExpression.builder();
    for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
      String name = attribute.getKey();
      boolean counter = attribute.getValue().n() != null;
      if (!counter) {
        rest.put(name, attribute.getValue());
        continue;
      }
      additions.addAction(AddAction.builder()
          .path("#" + name)
          .value(ADDED + name)
          .putExpressionName("#" + name, name)
          .putExpressionValue(ADDED + name, attribute.getValue())
          .build());
    }
    return WriteModification.builder().transformedItem(rest).updateExpression(additions.build()).build();
  }
}
