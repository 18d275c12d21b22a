package io.usersroles.store;

import io.usersroles.config.Settings;
import io.usersroles.domain.DomainException;
import io.usersroles.security.Crypto;
import io.usersroles.security.DerivedKey;
import java.nio.charset.StandardCharsets;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Turns list positions into opaque cursors and back. A cursor is the position sealed (AES-GCM, a key
 * derived from the server secret) with the list's scope (which list, which org, which filters) as
 * associated data: it reveals no storage key, and a cursor that was altered, forged, or issued for
 * another list or org is rejected instead of followed.
 */
@Singleton
public final class Cursors {
  private static final int MAX_CURSOR_LENGTH = 2048;

  private final DerivedKey key;

  @Inject
  public Cursors(Settings settings) {
    this.key = new DerivedKey(settings.serverSecret(), "list-cursors-sealed");
  }

  /** The cursor for {@code position} in the list named by {@code scope}; {@code null} for no position. */
  public String encode(String scope, ListPosition position) {
    if (position == null) {
      return null;
    }
    String payload = position.segment() + "|" + (position.afterSortKey() == null ? "" : position.afterSortKey());
    return Crypto.base64url(Crypto.seal(key.bytes(), payload.getBytes(StandardCharsets.UTF_8), scope));
  }

  /** The position a cursor stands for; the start of the list when {@code cursor} is absent. */
  public ListPosition decode(String scope, String cursor) {
    if (cursor == null) {
      return ListPosition.START;
    }
    if (cursor.isEmpty() || cursor.length() > MAX_CURSOR_LENGTH) {
      throw rejected();
    }
    String payload;
    try {
      byte[] sealed = Crypto.fromBase64url(cursor);
      // only the exact text we issue: base64 has spare bits, and a cursor differing in them is altered
      if (!Crypto.base64url(sealed).equals(cursor)) {
        throw rejected();
      }
      payload = new String(Crypto.open(key.bytes(), sealed, scope), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notOurs) {
      throw rejected();
    }
    int bar = payload.indexOf('|');
    int segment = Integer.parseInt(payload.substring(0, bar)); // sealed by us, so well-formed
    String sortKey = payload.substring(bar + 1);
    return new ListPosition(segment, sortKey.isEmpty() ? null : sortKey);
  }

  private static DomainException rejected() {
    return DomainException.invalidField("cursor", "is not a cursor this list issued");
  }
}
