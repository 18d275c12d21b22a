package io.usersroles.functions.invitations;

import io.usersroles.functions.Api;
import io.usersroles.testing.LocalStackEngines;
import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link ResendInvitationTest} on LocalStack: store, transactions, token index, SES v2. Skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class ResendInvitationOnLocalStackTest extends ResendInvitationTest {
  @Override
  Api createApi() {
    return new Api(LocalStackEngines.get());
  }
}
