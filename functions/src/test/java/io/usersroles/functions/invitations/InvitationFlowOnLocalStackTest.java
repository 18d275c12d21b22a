package io.usersroles.functions.invitations;

import io.usersroles.functions.Api;
import io.usersroles.testing.LocalStackEngines;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The invitation flow (store, transactions, token index, SES v2 bulk email) on LocalStack instead of
 * DynamoDB Local and the SES emulator. Skipped, not failed, where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class InvitationFlowOnLocalStackTest extends InvitationFlowTest {
  @Override
  Api createApi() {
    return new Api(LocalStackEngines.get());
  }
}
