package io.usersroles.domain;

import java.util.List;

/** One page of a list, and the opaque cursor of the next page ({@code null} when this is the last). */
public record Page<T>(List<T> items, String nextCursor) {
  public Page {
    items = List.copyOf(items);
  }
}
