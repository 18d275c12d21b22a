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
    priming.prime();
    priming.prime();

    assertThat(api.dynamoDbRequests.operations()).isEmpty();
    assertThat(api.sesRequests.operations()).isEmpty();
    assertThat(api.itemCount()).isEqualTo(items);
  }
}
