package io.usersroles.functions.invitations;

import io.usersroles.functions.Api;
import io.usersroles.testing.LocalStackEngines;
import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link UpdateInvitationTest} on LocalStack: the conditional update of an open slot. Skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class UpdateInvitationOnLocalStackTest extends UpdateInvitationTest {
  @Override
  Api createApi() {
    return new Api(LocalStackEngines.get());
  }
}
