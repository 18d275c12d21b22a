package io.usersroles.functions;

import static io.usersroles.functions.TemplateYaml.STREAMED;
import static io.usersroles.functions.TemplateYaml.TABLE;
import static io.usersroles.functions.TemplateYaml.function;
import static io.usersroles.functions.TemplateYaml.onlyResourceOfType;
import static io.usersroles.functions.TemplateYaml.ref;
import static io.usersroles.functions.TemplateYaml.sub;
import static io.usersroles.functions.TemplateYaml.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.functions.auth.AuthorizerHandler;
import io.usersroles.functions.checks.CheckPermissionHandler;
import io.usersroles.functions.deployment.DeployedFunctions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** template.yaml's IAM policies: each function gets only the table access and email its operation needs. */
class TemplatePoliciesTest {
  /** The functions that send invitation or reminder emails and so need SES send on the sender identity. */
  private static final Set<String> EMAIL_SENDERS = Set.of("CreateInvitationsFunction", "ResendInvitationFunction",
      "InviteReminderFunction");

  @Test
  void everyFunctionHasOnlyTheTableAccessAndEmailItsOperationNeeds() {
    String tableId = onlyResourceOfType(TABLE);
    String identity = "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${SenderIdentity}";
    for (DeployedFunctions.Entry entry : DeployedFunctions.all()) {
      String id = entry.logicalId();
      boolean readsOnly = entry.handlerClass() == AuthorizerHandler.class
          || entry.handlerClass() == CheckPermissionHandler.class
          || entry.route().map(r -> r.method().equals("GET")).orElse(false);
      List<String> dynamoDbTemplates = new ArrayList<>();
      List<JsonNode> statements = new ArrayList<>();
      for (JsonNode policy : function(id).path("Properties").path("Policies")) {
        assertThat(policy.isObject()).as(id + ": no managed policies, only templates and statements: " + policy)
            .isTrue();
        policy.fieldNames().forEachRemaining(name -> {
          if (name.equals("Statement")) {
            policy.get(name).forEach(statements::add);
          } else if (name.startsWith("DynamoDB")) {
            dynamoDbTemplates.add(name);
            assertThat(policy.get(name).path("TableName")).as(id + " " + name).isEqualTo(ref(tableId));
          } else if (STREAMED.contains(id) && name.equals("EventBridgePutEventsPolicy")) {
            // the publisher puts events on the configured bus, and reads the table only through its stream
            assertThat(policy.get(name).path("EventBusName")).as(id + " " + name).isEqualTo(ref("EventBusName"));
          } else if (STREAMED.contains(id) && name.equals("SQSSendMessagePolicy")) {
            assertThat(policy.get(name).path("QueueName").toString()).as(id + " " + name)
                .contains("AuditPublisherFailures");
          } else if (!name.equals("Version")) {
            fail(id + " has an unexpected policy " + name);
          }
        });
      }
      if (STREAMED.contains(id)) {
        assertThat(dynamoDbTemplates).as(id + " reads the stream (the event source's role), not the table").isEmpty();
      } else {
        assertThat(dynamoDbTemplates).as(id).containsExactly(readsOnly ? "DynamoDBReadPolicy" : "DynamoDBCrudPolicy");
      }

      Set<String> actions = new TreeSet<>();
      for (JsonNode statement : statements) {
        assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
        List<JsonNode> resources = new ArrayList<>();
        if (statement.path("Resource").isArray()) {
          statement.path("Resource").forEach(resources::add);
        } else {
          resources.add(statement.path("Resource"));
        }
        for (JsonNode resource : resources) {
          String arn = resource.isTextual() ? resource.asText() : resource.path("Fn::Sub").asText(resource.toString());
          // only the account's SES templates are named by a wildcard (see template.yaml)
          assertThat(!arn.contains("*") || arn.endsWith(":ses:${AWS::Region}:${AWS::AccountId}:template/*"))
              .as(id + " grants on " + arn).isTrue();
        }
        List<String> statementActions = texts(statement.path("Action"));
        assertThat(statementActions).as(id).allMatch(a -> a.startsWith("ses:Send") && !a.contains("*"));
        if (resources.contains(sub(identity))) {
          actions.addAll(statementActions);
        }
      }
      if (EMAIL_SENDERS.contains(id)) {
        assertThat(actions).as(id + " actions on the sender identity").contains("ses:SendBulkEmail", "ses:SendEmail");
      } else {
        assertThat(statements).as(id + " needs no statements").isEmpty();
      }
    }
  }
}
