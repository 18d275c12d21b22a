package io.usersroles.service;

import io.usersroles.domain.DomainException;

/** The paging rules every list endpoint shares. */
public final class Listing {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 100;

  private Listing() {}

  static void requireLimit(int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw DomainException.invalidField("limit", "must be between 1 and " + MAX_LIMIT);
    }
  }
}
