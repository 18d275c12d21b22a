package io.usersroles.store;

import io.usersroles.config.Settings;
import io.usersroles.domain.DomainException;
import io.usersroles.security.Crypto;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * Turns list positions into opaque cursors and back. A cursor is the position plus a MAC over the
 * position and the list's scope (which list, which org, which filters), so a cursor that was
 * altered, forged, or issued for another list or org is rejected instead of followed.
 */
@Singleton
public final class Cursors {
  private static final int MAC_BYTES = 16;
  private static final int MAX_CURSOR_LENGTH = 2048;

  private final byte[] key;

  @Inject
  public Cursors(Settings settings) {
    this.key = Crypto.deriveKey(settings.serverSecret(), "list-cursors");
  }

  /** The cursor for {@code position} in the list named by {@code scope}; {@code null} for no position. */
  public String encode(String scope, ListPosition position) {
    if (position == null) {
      return null;
    }
    String payload = position.segment() + "|" + (position.afterSortKey() == null ? "" : position.afterSortKey());
    return Crypto.base64url(payload.getBytes(StandardCharsets.UTF_8)) + "." + Crypto.base64url(mac(scope, payload));
  }

  /** The position a cursor stands for; the start of the list when {@code cursor} is absent. */
  public ListPosition decode(String scope, String cursor) {
    if (cursor == null) {
      return ListPosition.START;
    }
    if (cursor.isEmpty() || cursor.length() > MAX_CURSOR_LENGTH) {
      throw rejected();
    }
    int dot = cursor.indexOf('.');
    if (dot <= 0 || dot != cursor.lastIndexOf('.')) {
      throw rejected();
    }
    String payload;
    byte[] presented;
    try {
      byte[] payloadBytes = Crypto.fromBase64url(cursor.substring(0, dot));
      presented = Crypto.fromBase64url(cursor.substring(dot + 1));
      // only the exact text we issue: base64 has spare bits, and a cursor differing in them is altered
      if (!Crypto.base64url(payloadBytes).equals(cursor.substring(0, dot))
          || !Crypto.base64url(presented).equals(cursor.substring(dot + 1))) {
        throw rejected();
      }
      payload = new String(payloadBytes, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      throw rejected();
    }
    if (!Crypto.constantTimeEquals(presented, mac(scope, payload))) {
      throw rejected();
    }
    int bar = payload.indexOf('|');
    int segment = Integer.parseInt(payload.substring(0, bar)); // MAC-verified, so well-formed
    String sortKey = payload.substring(bar + 1);
    return new ListPosition(segment, sortKey.isEmpty() ? null : sortKey);
  }

  private byte[] mac(String scope, String payload) {
    return Arrays.copyOf(Crypto.hmac(key, scope + "\n" + payload), MAC_BYTES);
  }

  private static DomainException rejected() {
    return DomainException.invalidField("cursor", "is not a cursor this list issued");
  }
}
