package io.usersroles.functions;

import static io.usersroles.functions.TemplateYaml.TEMPLATE;
import static io.usersroles.functions.TemplateYaml.function;
import static io.usersroles.functions.TemplateYaml.parameter;
import static io.usersroles.functions.TemplateYaml.ref;
import static io.usersroles.functions.TemplateYaml.resource;
import static io.usersroles.functions.TemplateYaml.resourcesOfType;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What operating the stack needs: the reminder job and the audit publisher keep what they fail on and
 * raise alarms, and the check can be invoked directly by the principals a parameter names.
 */
class TemplateOperationsTest {
  private static final String ALARM = "AWS::CloudWatch::Alarm";

  @Test
  void theReminderJobAndThePublisherHaveAFailureDestinationAndAlarms() {
    JsonNode reminder = function("InviteReminderFunction").path("Properties").path("EventInvokeConfig");
    assertThat(reminder.at("/DestinationConfig/OnFailure/Destination/Fn::GetAtt/0").asText())
        .isEqualTo("InviteReminderFailures");
    JsonNode publisher = function("AuditPublisherFunction").path("Properties").at("/Events/Stream/Properties");
    assertThat(publisher.at("/DestinationConfig/OnFailure/Destination/Fn::GetAtt/0").asText())
        .isEqualTo("AuditPublisherFailures");
    Map<String, JsonNode> alarms = resourcesOfType(ALARM);
    for (String[] watched : List.of(new String[] {"InviteReminderFunction", "InviteReminderFailures"},
        new String[] {"AuditPublisherFunction", "AuditPublisherFailures"})) {
      assertThat(alarms.values()).as("an error alarm on " + watched[0]).anySatisfy(alarm -> {
        JsonNode properties = alarm.path("Properties");
        assertThat(properties.path("MetricName").asText()).isEqualTo("Errors");
        assertThat(properties.at("/Dimensions/0/Value")).isEqualTo(ref(watched[0]));
        assertThat(properties.path("AlarmActions")).containsExactly(ref("AlarmTopic"));
      });
      assertThat(alarms.values()).as("an alarm on " + watched[1]).anySatisfy(alarm -> {
        JsonNode properties = alarm.path("Properties");
        assertThat(properties.path("MetricName").asText()).isEqualTo("ApproximateNumberOfMessagesVisible");
        assertThat(properties.at("/Dimensions/0/Value/Fn::GetAtt/0").asText()).isEqualTo(watched[1]);
        assertThat(properties.path("AlarmActions")).containsExactly(ref("AlarmTopic"));
      });
    }
    assertThat(parameter("AlarmEmail").path("Default").asText()).isEmpty();
  }

  @Test
  void thePrincipalsTheParameterNamesMayInvokeTheCheckOnItsAlias() {
    JsonNode invokers = parameter("CheckPermissionInvokers");
    assertThat(invokers.path("Default").asText()).isEmpty();
    Pattern allowed = Pattern.compile(invokers.path("AllowedPattern").asText());
    assertThat(allowed.matcher("").matches()).isTrue();
    assertThat(allowed.matcher("123456789012").matches()).isTrue();
    assertThat(allowed.matcher("123456789012,arn:aws:iam::210987654321:role/checker,arn:aws:iam::111122223333:root")
        .matches()).isTrue();
    assertThat(allowed.matcher("1,2,3,4").matches()).isFalse();
    assertThat(allowed.matcher("*").matches()).isFalse();
    assertThat(allowed.matcher("123456789012,123456789012,123456789012,123456789012").matches()).isFalse();
    Map<String, JsonNode> permissions = resourcesOfType("AWS::Lambda::Permission");
    assertThat(permissions).hasSize(3);
    int slot = 0;
    for (Map.Entry<String, JsonNode> permission : permissions.entrySet()) {
      JsonNode properties = permission.getValue().path("Properties");
      assertThat(properties.path("Action").asText()).isEqualTo("lambda:InvokeFunction");
      assertThat(properties.path("FunctionName")).isEqualTo(ref("CheckPermissionFunction.Alias"));
      assertThat(properties.at("/Principal/Fn::Select/0").asInt()).isEqualTo(slot);
      String condition = permission.getValue().path("Condition").asText();
      assertThat(TEMPLATE.path("Conditions").path(condition).toString()).contains("\"Fn::Select\":[" + slot + ",");
      slot++;
    }
    assertThat(resource("AlarmTopic").path("Type").asText()).isEqualTo("AWS::SNS::Topic");
  }
}
