package io.usersroles.store;

import java.util.List;

/** Rows of one list page and the position of the next page ({@code null} at the end). */
public record ListPage<T>(List<T> rows, ListPosition next) {
  public ListPage {
    rows = List.copyOf(rows);
  }
}
