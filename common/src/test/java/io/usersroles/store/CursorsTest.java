package io.usersroles.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    assertThat(cursor).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
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
    String mac = cursor.substring(cursor.indexOf('.'));
    String altered = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("0|INVITE#OPEN#abd".getBytes(StandardCharsets.UTF_8)) + mac;
    assertRejected(() -> cursors.decode(SCOPE, altered));
    char last = cursor.charAt(cursor.length() - 1);
    assertRejected(() -> cursors.decode(SCOPE, cursor.substring(0, cursor.length() - 1) + (last == 'A' ? 'B' : 'A')));
  }

  @Test
  void aCursorDifferingOnlyInBase64SpareBitsIsRejected() {
    // 16 MAC bytes take 22 base64 characters, the last of which carries 4 spare bits; a decoder ignores
    // them, so without a check the same MAC could be spelt 16 ways
    String cursor = cursors.encode(SCOPE, new ListPosition(0, "INVITE#OPEN#abc"));
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int last = alphabet.indexOf(cursor.charAt(cursor.length() - 1));
    for (int spare = 1; spare < 16; spare++) {
      String respelt = cursor.substring(0, cursor.length() - 1) + alphabet.charAt(last | spare);
      assertRejected(() -> cursors.decode(SCOPE, respelt));
    }
    int dot = cursor.indexOf('.');
    assertThat(cursors.decode(SCOPE, cursor)).isEqualTo(new ListPosition(0, "INVITE#OPEN#abc"));
    assertRejected(() -> cursors.decode(SCOPE, cursor.substring(0, dot) + "=" + cursor.substring(dot)));
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
        "issuer", "audience", "groups", Duration.ofDays(7), secret.getBytes(StandardCharsets.UTF_8));
  }
}
