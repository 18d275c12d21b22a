package io.usersroles.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.usersroles.config.ServerSecret;
import io.usersroles.config.Settings;
import io.usersroles.domain.DomainException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CursorsTest {
  private static final String SCOPE = "invitations|org_AAAAAAAAAAAAAAAAAAAAAA|pending";
  private final Cursors cursors = new Cursors(settings("first-server-secret-that-is-32-bytes-or-more"));

  @Test
  void aCursorDecodesToThePositionItWasIssuedFor() {
    ListPosition position = new ListPosition(1, "INVITE#CLOSED#inv_x|with|bars");
    String cursor = cursors.encode(SCOPE, position);
    assertThat(cursors.decode(SCOPE, cursor)).isEqualTo(position);
    assertThat(cursors.decode(SCOPE, cursors.encode(SCOPE, new ListPosition(2, null))))
        .isEqualTo(new ListPosition(2, null));
    assertThat(cursor).matches("[A-Za-z0-9_-]+");
  }

  @Test
  void aCursorRevealsNoStorageKey() {
    ListPosition position = new ListPosition(1, "MEMBER#usr_visible");
    String cursor = cursors.encode(SCOPE, position);
    String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.ISO_8859_1);
    assertThat(decoded).doesNotContain("MEMBER").doesNotContain("usr_visible").doesNotContain("1|");
    // sealed with a fresh nonce each time: two cursors for one position do not even look alike
    assertThat(cursors.encode(SCOPE, position)).isNotEqualTo(cursor);
    assertThat(cursors.decode(SCOPE, cursors.encode(SCOPE, position))).isEqualTo(position);
  }

  @Test
  void noCursorIsTheStartAndNoPositionIsNoCursor() {
    assertThat(cursors.decode(SCOPE, null)).isEqualTo(ListPosition.START);
    assertThat(cursors.encode(SCOPE, null)).isNull();
  }

  @Test
  void aCursorOfAnotherListOrgOrFilterIsRejected() {
    String cursor = cursors.encode(SCOPE, new ListPosition(0, "INVITE#OPEN#abc"));
    assertRejected(() -> cursors.decode("invitations|org_BBBBBBBBBBBBBBBBBBBBBB|pending", cursor));
    assertRejected(() -> cursors.decode("invitations|org_AAAAAAAAAAAAAAAAAAAAAA|expired", cursor));
    assertRejected(() -> cursors.decode("users|org_AAAAAAAAAAAAAAAAAAAAAA|", cursor));
  }

  @Test
  void aCursorIssuedUnderAnotherServerSecretIsRejected() {
    Cursors other = new Cursors(settings("another-server-secret-that-is-32-bytes-long"));
    String forged = other.encode(SCOPE, new ListPosition(0, "INVITE#OPEN#abc"));
    assertRejected(() -> cursors.decode(SCOPE, forged));
  }

  @Test
  void anAlteredPayloadIsRejected() {
    String cursor = cursors.encode(SCOPE, new ListPosition(0, "INVITE#OPEN#abc"));
    byte[] sealed = Base64.getUrlDecoder().decode(cursor);
    for (int i = 0; i < sealed.length; i++) {
      byte[] altered = sealed.clone();
      altered[i] ^= 1;
      String text = Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
      assertRejected(() -> cursors.decode(SCOPE, text));
    }
    // nor does a readable position with a made-up MAC pass, as the cursors of earlier releases read
    String readable = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("0|INVITE#OPEN#abd".getBytes(StandardCharsets.UTF_8)) + ".AAAAAAAAAAAAAAAAAAAAAA";
    assertRejected(() -> cursors.decode(SCOPE, readable));
  }

  @Test
  void aCursorDifferingOnlyInBase64SpareBitsIsRejected() {
    // 46 sealed bytes (12 nonce, 18 position, 16 tag) take 62 base64 characters, the last of which
    // carries 4 spare bits; a decoder ignores them, so without a check one cursor could be spelt 16 ways
    ListPosition position = new ListPosition(0, "INVITE#OPEN#abcd");
    String cursor = cursors.encode(SCOPE, position);
    assertThat(Base64.getUrlDecoder().decode(cursor)).hasSize(46);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int last = alphabet.indexOf(cursor.charAt(cursor.length() - 1));
    for (int spare = 1; spare < 16; spare++) {
      String respelt = cursor.substring(0, cursor.length() - 1) + alphabet.charAt(last | spare);
      assertRejected(() -> cursors.decode(SCOPE, respelt));
    }
    assertThat(cursors.decode(SCOPE, cursor)).isEqualTo(position);
    assertRejected(() -> cursors.decode(SCOPE, cursor + "="));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "abc", "abc.", ".abc", "a.b.c", "!!!.???", "MHw.AAAA", " MHw.AAAA"})
  void garbageIsRejected(String cursor) {
    assertRejected(() -> cursors.decode(SCOPE, cursor));
  }

  @Test
  void hugeCursorsAreRejectedBeforeAnyWork() {
    assertRejected(() -> cursors.decode(SCOPE, "A".repeat(5000) + ".AAAA"));
  }

  private static void assertRejected(Runnable decode) {
    assertThatThrownBy(decode::run).isInstanceOfSatisfying(DomainException.class, e -> {
      assertThat(e.kind()).isEqualTo(DomainException.Kind.INVALID);
      assertThat(e.fieldErrors()).anySatisfy(error -> assertThat(error.field()).isEqualTo("cursor"));
    });
  }

  private static Settings settings(String secret) {
    return new Settings("us-east-1", "t", Optional.empty(), Optional.empty(), "from@example.com",
        "https://app.example.com/accept", "Users & Roles", URI.create("https://idp.example.com/jwks.json"),
        "issuer", "audience", "groups", Duration.ofDays(7),
        ServerSecret.of(secret.getBytes(StandardCharsets.UTF_8)));
  }
}
