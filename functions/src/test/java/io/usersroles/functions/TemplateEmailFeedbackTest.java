package io.usersroles.functions;

import static io.usersroles.functions.TemplateYaml.function;
import static io.usersroles.functions.TemplateYaml.globalVariables;
import static io.usersroles.functions.TemplateYaml.onlyResourceOfType;
import static io.usersroles.functions.TemplateYaml.ref;
import static io.usersroles.functions.TemplateYaml.resource;
import static io.usersroles.functions.TemplateYaml.sampleJson;
import static io.usersroles.functions.TemplateYaml.sub;
import static io.usersroles.functions.TemplateYaml.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.usersroles.email.InvitationMailer;
import io.usersroles.functions.deployment.DeployedFunctions;
import io.usersroles.functions.invitations.EmailFeedbackHandler;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

/**
 * The email feedback path in template.yaml: the configuration set every email names, its event
 * destination (bounces and complaints to EventBridge's default bus), and the rule that takes exactly
 * those events of exactly that configuration set to {@code EmailFeedbackFunction}.
 */
class TemplateEmailFeedbackTest {
  private static final String CONFIGURATION_SET = "EmailConfigurationSet";

  @Test
  void everyEmailNamesTheConfigurationSet() {
    assertThat(onlyResourceOfType("AWS::SES::ConfigurationSet")).isEqualTo(CONFIGURATION_SET);
    assertThat(globalVariables().get("SES_CONFIGURATION_SET")).isEqualTo(ref(CONFIGURATION_SET));
  }

  @Test
  void bouncesAndComplaintsGoToTheDefaultBus() {
    JsonNode destination = resource(onlyResourceOfType("AWS::SES::ConfigurationSetEventDestination"))
        .path("Properties");
    assertThat(destination.path("ConfigurationSetName")).isEqualTo(ref(CONFIGURATION_SET));
    JsonNode events = destination.path("EventDestination");
    assertThat(events.path("Enabled").asBoolean()).isTrue();
    assertThat(texts(events.path("MatchingEventTypes"))).containsExactlyInAnyOrder("bounce", "complaint");
    // SES's EventBridge destination accepts the default bus only
    assertThat(events.path("EventBridgeDestination").path("EventBusArn"))
        .isEqualTo(sub("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default"));
  }

  @Test
  void theRuleTakesThoseEventsOfThatConfigurationSetAndTheSampleMatchesIt() {
    Iterator<JsonNode> events = function(DeployedFunctions.EMAIL_FEEDBACK).path("Properties").path("Events")
        .elements();
    JsonNode rule = events.next().path("Properties");
    assertThat(rule.has("EventBusName")).as("the default bus").isFalse();
    JsonNode pattern = rule.path("Pattern");
    assertThat(texts(pattern.path("source"))).containsExactly("aws.ses");
    assertThat(texts(pattern.path("detail-type")))
        .containsExactlyInAnyOrder(EmailFeedbackHandler.BOUNCED, EmailFeedbackHandler.COMPLAINED);
    JsonNode configurationSets = pattern.path("detail").path("mail").path("tags").path("ses:configuration-set");
    assertThat(configurationSets.size()).isEqualTo(1);
    assertThat(configurationSets.get(0)).isEqualTo(ref(CONFIGURATION_SET));

    JsonNode sample = sampleJson(DeployedFunctions.EMAIL_FEEDBACK);
    assertThat(sample.path("source").asText()).isEqualTo("aws.ses");
    assertThat(texts(pattern.path("detail-type"))).contains(sample.path("detail-type").asText());
    JsonNode tags = sample.path("detail").path("mail").path("tags");
    assertThat(tags.path("ses:configuration-set").size()).isEqualTo(1);
    assertThat(tags.path(InvitationMailer.INVITATION_TAG).get(0).asText()).startsWith("inv_");
    assertThat(tags.path(InvitationMailer.ORG_TAG).get(0).asText()).startsWith("org_");
  }
}
