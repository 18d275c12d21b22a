package io.usersroles.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextTest {
  @ParameterizedTest(name = "accepts [{0}]")
  @ValueSource(strings = {"Acme", "  Acme Ltd  ", "Müller & Söhne", "株式会社", "Ops \u2764\ufe0f", "a\u00a0b",
      "Ünïcödé", "\ud83d\ude80 Launch"})
  void displayTextThatShowsSomethingIsAccepted(String name) {
    assertThat(Text.requireDisplayText("name", name, 100)).isEqualTo(name.strip());
  }

  @ParameterizedTest(name = "rejects [{0}]")
  @ValueSource(strings = {"", "   ", "\u00a0", "\u00a0\u2007\u202f", "\u2800", "\u3164", "\u115f", "ad\u3164min",
      "a\u034fb", "a\u200bb", "a\u202eb", "a\u0000b", "a\ud800b", "\udfff", "a\ue000b", "a\u2028b"})
  void blankLookingOrInvisibleTextIsRejected(String name) {
    assertThatThrownBy(() -> Text.requireDisplayText("name", name, 100)).isInstanceOf(DomainException.class);
  }

  @Test
  void namesThatDifferOnlyInCaseWidthOrCompatibilityFormFoldTogether() {
    String folded = Text.foldForComparison("Builders");
    for (String lookAlike : new String[] {"BUILDERS", " builders ", "Builder\u017f", "\uff22\uff55\uff49\uff4c\uff44\uff45\uff52\uff53",
        "Bu\u0131lders", "BUILDERS\u00a0"}) {
      assertThat(Text.foldForComparison(lookAlike)).as(lookAlike).isEqualTo(folded);
    }
    assertThat(Text.foldForComparison("\u212aeepers")).isEqualTo(Text.foldForComparison("keepers"));
    assertThat(Text.foldForComparison("Stra\u00dfe")).isEqualTo(Text.foldForComparison("STRASSE"));
    assertThat(Text.foldForComparison("Builders 2")).isNotEqualTo(folded);
  }

  @Test
  void webUrlsArePrintableAscii() {
    assertThat(Text.requireWebUrl("avatarUrl", "https://cdn.example.com/a%20b.png", 2048))
        .isEqualTo("https://cdn.example.com/a%20b.png");
    for (String bad : new String[] {"https://example.com/\u202egnp.exe", "https://\u0430pple.com/a.png",
        "https://example.com/a b.png", "javascript:alert(1)", "https:///a.png"}) {
      assertThatThrownBy(() -> Text.requireWebUrl("avatarUrl", bad, 2048)).as(bad)
          .isInstanceOf(DomainException.class);
    }
  }

  @Test
  void wellFormedMeansNoLoneSurrogate() {
    assertThat(Text.isWellFormed("eng \ud83d\ude80")).isTrue();
    assertThat(Text.isWellFormed("eng\ud83d")).isFalse();
    assertThat(Text.isWellFormed("\ude80eng")).isFalse();
  }
}
