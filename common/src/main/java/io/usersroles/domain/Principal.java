package io.usersroles.domain;

import java.util.List;

/** Who is calling: a human user (from a verified JWT) or a service account (from its secret). */
public sealed interface Principal {
  /** The user id ({@code sub}) or the service account id. */
  String id();

  /** A human, identified by the JWT's {@code sub}, with the email and groups the IdP vouches for. */
  record User(String id, String email, boolean emailVerified, String name, List<String> groups)
      implements Principal {
    public User {
      groups = List.copyOf(groups);
    }
  }

  /** A machine: a service account of exactly one organisation. */
  record ServiceAccount(String id, String orgId) implements Principal {}
}
