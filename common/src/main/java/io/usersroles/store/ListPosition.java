package io.usersroles.store;

/**
 * Where a list continues: in its {@code segment}-th key range, after the item whose sort key is
 * {@code afterSortKey} ({@code null}: from the start of that range).
 */
public record ListPosition(int segment, String afterSortKey) {
  public static final ListPosition START = new ListPosition(0, null);
}
