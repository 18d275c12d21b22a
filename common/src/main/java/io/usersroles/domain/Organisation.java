package io.usersroles.domain;

import java.time.Instant;

/** An organisation (a tenant): what every response that returns an org shows. */
public record Organisation(String orgId, String name, String avatarUrl, Instant createdAt) {}
