package io.usersroles.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.usersroles.functions.auth.AuthorizerHandler;
import io.usersroles.functions.checks.CheckPermissionHandler;
import io.usersroles.functions.deployment.DeployedFunctions;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * template.yaml's IAM policies, read without running anything: readers cannot write, only the functions
 * that send email may, and only on the sender identity. {@link TemplateLeastPrivilegeTest} holds each
 * function to exactly what it does.
 */
class TemplatePoliciesTest {
  /** The functions that send invitation or reminder emails. */
  private static final Set<String> EMAIL_SENDERS = Set.of("CreateInvitationsFunction", "ResendInvitationFunction",
      "InviteReminderFunction");
  private static final Set<String> WRITES = Set.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
      "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem");

  @Test
  void readersCannotWriteAndOnlyTheSendersMaySendEmailOnTheSenderIdentity() {
    for (DeployedFunctions.Entry entry : DeployedFunctions.all()) {
      String id = entry.logicalId();
      Set<AwsCalls.Grant> granted = TemplateLeastPrivilegeTest.granted(id);
      boolean readsOnly = entry.handlerClass() == AuthorizerHandler.class
          || entry.handlerClass() == CheckPermissionHandler.class
          || entry.route().map(r -> r.method().equals("GET")).orElse(false);
      if (readsOnly) {
        assertThat(granted).as(id + " reads only").noneMatch(g -> WRITES.contains(g.action()));
      }
      if (EMAIL_SENDERS.contains(id)) {
        assertThat(granted).as(id).contains(new AwsCalls.Grant("ses:SendBulkEmail", "ses:identity"));
        assertThat(granted).as(id + " sends, nothing else").filteredOn(g -> g.action().startsWith("ses:"))
            .allMatch(g -> g.action().equals("ses:SendBulkEmail"));
      } else {
        assertThat(granted).as(id + " sends no email").noneMatch(g -> g.action().startsWith("ses:"));
      }
    }
  }
}
