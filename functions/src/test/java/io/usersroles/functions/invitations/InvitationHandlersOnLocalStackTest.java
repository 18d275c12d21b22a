package io.usersroles.functions.invitations;

import io.usersroles.functions.Api;
import io.usersroles.testing.LocalStackEngines;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Every invitation handler test (store, transactions, token index, pagination, SES v2 email) on
 * LocalStack. Skipped, not failed, where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class InvitationHandlersOnLocalStackTest extends InvitationHandlersTest {
  @Override
  Api createApi() {
    return new Api(LocalStackEngines.get());
  }
}
