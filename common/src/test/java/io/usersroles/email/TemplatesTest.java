package io.usersroles.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TemplatesTest {
  /** The pattern the expiry was written with before: the written-out form must say exactly the same. */
  private static final DateTimeFormatter PATTERN =
      DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  @Test
  void expiryReadsAsTheEnglishPatternDid() {
    assertThat(Templates.expiry(Instant.parse("2026-12-08T14:05:59Z"))).isEqualTo("Tuesday 8 December 2026, 14:05 UTC");
    assertThat(Templates.expiry(Instant.parse("2027-01-01T00:00:00Z"))).isEqualTo("Friday 1 January 2027, 00:00 UTC");
    SplittableRandom random = new SplittableRandom(20261207);
    long first = Instant.parse("1970-01-01T00:00:00Z").getEpochSecond();
    long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 20_000; i++) {
      Instant at = Instant.ofEpochSecond(random.nextLong(first, last + 1));
      assertThat(Templates.expiry(at)).as("%s", at).isEqualTo(PATTERN.format(at));
    }
  }
}
