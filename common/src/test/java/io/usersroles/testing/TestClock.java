package io.usersroles.testing;

import io.usersroles.engines.AdjustableClock;

/** The domain clock of a test: real time plus an offset the test moves forward. */
public final class TestClock extends AdjustableClock {}
