package io.usersroles.functions.priming;

import static org.assertj.core.api.Assertions.assertThat;

import io.usersroles.config.AwsClients;
import io.usersroles.functions.Api;
import io.usersroles.functions.Api.User;
import org.junit.jupiter.api.Test;

/** SnapStart priming runs the request paths without a single request to DynamoDB or SES. */
class PrimingTest {
  @Test
  void primingSendsNothingAndWritesNothing() {
    Api api = new Api();
    User owner = api.user("owner");
    api.createOrg(owner, "Primed");
    int items = api.itemCount();
    api.dynamoDbRequests.reset();
    api.sesRequests.reset();

    Priming priming = new Priming(api.settings, AwsClients.of(api.env.dynamoDbClient(api.dynamoDbRequests),
        api.env.sesClient(api.sesRequests)));
    Priming.Primed first = priming.prime();
    Priming.Primed second = priming.prime();

    assertThat(api.dynamoDbRequests.operations()).isEmpty();
    assertThat(api.sesRequests.operations()).isEmpty();
    assertThat(api.itemCount()).isEqualTo(items);
    // the paths really ran, through the SDK, against an empty canned table
    for (Priming.Primed primed : java.util.List.of(first, second)) {
      assertThat(primed.directCheck().path("allowed").isBoolean()).as(primed.directCheck().toString()).isTrue();
      assertThat(primed.directCheck().path("allowed").booleanValue()).isFalse();
      assertThat(primed.directCheck().path("reason").asText()).contains("no roles");
      assertThat(primed.route().path("statusCode").asInt()).as(primed.route().toString()).isEqualTo(404);
    }
  }
}
