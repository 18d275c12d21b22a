package io.usersroles.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** AES-GCM sealing of stored responses: round trip, and nothing altered or moved opens. */
class CryptoSealTest {
  private final byte[] key = Crypto.deriveKey(Crypto.randomBytes(32), "test");
  private final byte[] plain = "{\"secret\":\"uars_abc\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void whatIsSealedOpensWithTheSameKeyAndAssociatedData() {
    byte[] sealed = Crypto.seal(key, plain, "ORG#1\nIDEMPOTENCY#u#h");
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("uars_abc");
    assertThat(Crypto.open(key, sealed, "ORG#1\nIDEMPOTENCY#u#h")).isEqualTo(plain);
    assertThat(Crypto.seal(key, plain, "a")).isNotEqualTo(Crypto.seal(key, plain, "a")); // fresh nonce
  }

  @Test
  void anAlteredMovedOrForeignSealDoesNotOpen() {
    byte[] sealed = Crypto.seal(key, plain, "here");
    byte[] altered = sealed.clone();
    altered[altered.length - 1] ^= 1;
    assertThatThrownBy(() -> Crypto.open(key, altered, "here")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Crypto.open(key, sealed, "elsewhere")).isInstanceOf(IllegalArgumentException.class);
    byte[] otherKey = Crypto.deriveKey(Crypto.randomBytes(32), "test");
    assertThatThrownBy(() -> Crypto.open(otherKey, sealed, "here")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Crypto.open(key, new byte[5], "here")).isInstanceOf(IllegalArgumentException.class);
  }
}
