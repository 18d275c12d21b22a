package io.usersroles.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "ann@example.com|ann@example.com",
      "  Ann.Lee@Example.COM \t|ann.lee@example.com",
      "a+tag@sub.example.co.uk|a+tag@sub.example.co.uk",
      "o'brien@example.ie|o'brien@example.ie",
      "x_y-z@a-b.example|x_y-z@a-b.example",
      "1@example.io|1@example.io"})
  void acceptsAndNormalises(String raw, String expected) {
    assertThat(EmailAddress.parse(raw)).map(EmailAddress::value).contains(expected);
  }

  @ParameterizedTest(name = "rejects [{0}]")
  @ValueSource(strings = {
      "", " ", "ann", "@example.com", "ann@", "ann@@example.com", "a@b@example.com", "ann@example",
      "ann@example.123", ".ann@example.com", "ann.@example.com", "an..n@example.com", "ann@-example.com",
      "ann@example-.com", "ann@exa mple.com", "an n@example.com", "ann@example..com", "ann@.example.com",
      "\"ann\"@example.com", "ann@[127.0.0.1]", "Ann <ann@example.com>", "ann@example.com,bob@example.com",
      "ann@exämple.com", "änn@example.com", "\u212Aate@example.com", "ann@example.com\u200B",
      "ann\u0000@example.com", "ann@xn--80ak6aa92e.com\u0301"})
  void rejects(String raw) {
    assertThat(EmailAddress.parse(raw)).isEmpty();
  }

  @Test
  void rejectsOverlongParts() {
    assertThat(EmailAddress.parse("a".repeat(64) + "@example.com")).isPresent();
    assertThat(EmailAddress.parse("a".repeat(65) + "@example.com")).isEmpty();
    assertThat(EmailAddress.parse("a@" + "b".repeat(63) + ".com")).isPresent();
    assertThat(EmailAddress.parse("a@" + "b".repeat(64) + ".com")).isEmpty();
    String longDomain = ("d".repeat(60) + ".").repeat(4) + "com"; // 247 characters
    assertThat(EmailAddress.parse("abcdefg@" + longDomain)).isEmpty(); // 255 characters
    assertThat(EmailAddress.parse("abcdef@" + longDomain)).isPresent(); // 254, the limit
    assertThat(EmailAddress.parse(null)).isEmpty();
  }

  @Test
  void theConstructorTakesOnlyNormalisedAddresses() {
    assertThat(new EmailAddress("ann@example.com").value()).isEqualTo("ann@example.com");
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> new EmailAddress("Ann@example.com"));
  }

  @Test
  void splitsTypedListsDroppingEmptyEntries() {
    assertThat(EmailAddress.splitList(" a@x.io, b@y.io,,c , ")).isEqualTo(List.of("a@x.io", "b@y.io", "c"));
    assertThat(EmailAddress.splitList("")).isEmpty();
  }
}
