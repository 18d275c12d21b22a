package io.usersroles.store;

import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Condition expressions the stores share. */
final class Conditions {
  /** The item must not exist yet. */
  static final Expression ABSENT = Expression.builder().expression("attribute_not_exists(#pk)")
      .putExpressionName("#pk", Keys.PARTITION_KEY).build();

  private Conditions() {}

  /** The item must still carry the version it was read with. */
  static Expression versionIs(Long version) {
    return Expression.builder().expression("#version = :version")
        .putExpressionName("#version", TableItem.VERSION_ATTRIBUTE)
        .putExpressionValue(":version", AttributeValue.fromN(Long.toString(version)))
        .build();
  }

  /**
   * The open invitation must still carry this link's token hash and the version it was read at (so
   * that what is granted is what was read: its roles may have been changed since).
   */
  static Expression tokenHashAndVersionAre(String tokenHash, long version) {
    return Expression.builder().expression("#tokenHash = :tokenHash AND #version = :version")
        .putExpressionName("#tokenHash", Keys.TOKEN_HASH)
        .putExpressionValue(":tokenHash", AttributeValue.fromS(tokenHash))
        .putExpressionName("#version", TableItem.VERSION_ATTRIBUTE)
        .putExpressionValue(":version", AttributeValue.fromN(Long.toString(version)))
        .build();
  }

  /** The open invitation must still carry this link's token hash. */
  static Expression tokenHashIs(String tokenHash) {
    return Expression.builder().expression("#tokenHash = :tokenHash")
        .putExpressionName("#tokenHash", Keys.TOKEN_HASH)
        .putExpressionValue(":tokenHash", AttributeValue.fromS(tokenHash))
        .build();
  }
}
