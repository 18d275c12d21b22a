package io.usersroles.functions.invitations;

import io.usersroles.functions.Api;
import io.usersroles.testing.LocalStackEngines;
import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link GetInvitationTest} on LocalStack: store, invitation index, SES v2. Skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class GetInvitationOnLocalStackTest extends GetInvitationTest {
  @Override
  Api createApi() {
    return new Api(LocalStackEngines.get());
  }
}
