package io.usersroles.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names people read: a name shows a visible base character with every combining mark on one; role
 * names that look alike (case, width, Unicode TS #39 confusables) are the same name; a person's name
 * from the identity provider loses its control and bidirectional characters.
 */
class NameRulesTest {
  @ParameterizedTest(name = "refuses [{0}]")
  @ValueSource(strings = {"\u0301", "\u0301\u0302", " \u0301 ", "\u00a0\u0301", "\u2800\u0301", "\u20dd", "\u093e",
      "\u0301Acme", "Acme \u0301", "Acme\u00a0\u0301", "a \u0301b", "\u3000\u0308"})
  void combiningMarksMustSitOnAVisibleCharacter(String name) {
    assertThatThrownBy(() -> Text.requireDisplayText("name", name, 100)).isInstanceOf(DomainException.class);
  }

  @ParameterizedTest(name = "accepts [{0}]")
  @ValueSource(strings = {"Cafe\u0301", "Zo\u00eb", "\u0939\u093f\u0928\u094d\u0926\u0940",
      "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35", "Ops \u2764\ufe0f", "1\ufe0f\u20e3", "a\u0301\u0302", "\u00d1and\u00fa",
      "\u05e9\u05b8\u05c1\u05dc\u05d5\u05b9\u05dd"})
  void marksOnVisibleCharactersAreFine(String name) {
    assertThat(Text.requireDisplayText("name", name, 100)).isNotBlank();
  }

  @Test
  void roleNamesThatLookAlikeAreTheSameName() {
    for (String lookAlike : List.of("owner", "OWNER", "\u043ewner", "\u041ewner", "\u03bfwner", "0wner", "0WNER",
        "\uff4f\uff57\uff4e\uff45\uff52", "owner\u00a0", "Owne\u0433", "\u2134wner")) {
      assertThat(Text.looksAlike(lookAlike, "owner")).as(lookAlike).isTrue();
    }
    for (String lookAlike : List.of("Bui1ders", "BuiIders", "Bui|ders", "\u0392uilders", "\u0412uilders",
        "Buil\u0501ers", "BUILDERS", "Builder\u017f", "\uff22\uff55\uff49\uff4c\uff44\uff45\uff52\uff53",
        "Bu\u0131lders", "\ud835\udc01uilders")) {
      assertThat(Text.looksAlike(lookAlike, "Builders")).as(lookAlike).isTrue();
    }
    assertThat(Text.looksAlike("rnember", "member")).isTrue();
    assertThat(Text.looksAlike("ILL", "ill")).isTrue();
    for (String[] distinct : new String[][] {{"Builders", "Builders 2"}, {"Builders", "Bilders"}, {"owner", "owners"},
        {"Auditors", "Editors"}, {"member", "members"}, {"Ops", "Dev"}}) {
      assertThat(Text.looksAlike(distinct[0], distinct[1])).as(distinct[0] + " / " + distinct[1]).isFalse();
    }
  }

  @Test
  void everyCharactersKeysAreSettled() {
    List<String> unsettled = new ArrayList<>();
    for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
      int type = Character.getType(codePoint);
      if (type == Character.UNASSIGNED || type == Character.SURROGATE) {
        continue;
      }
      for (String key : Text.lookAlikeKeys(new String(Character.toChars(codePoint)))) {
        if (!Text.lookAlikeKeys(key).contains(key)) {
          unsettled.add(Integer.toHexString(codePoint));
        }
      }
    }
    assertThat(unsettled).as("characters whose look-alike key has another key").isEmpty();
  }

  @Test
  void aPersonsNameLosesControlAndBidiCharacters() {
    assertThat(Text.personName("Ann\r\nBcc: eve@example.com\u0000 \u202eLiam\u2066\u200f\u061c\u0007\u200e\u202a\u2069"
        + "\u2028 Smith\t")).isEqualTo("AnnBcc: eve@example.com Liam Smith");
    assertThat(Text.personName(" \u202e\u0000\n ")).isNull();
    assertThat(Text.personName("Zo\u00eb \u05e9\u05dc\u05d5\u05dd")).isEqualTo("Zo\u00eb \u05e9\u05dc\u05d5\u05dd");
    assertThat(new Membership("org", "usr", null, "Bob\u202e\r\n", List.of(), java.time.Instant.EPOCH).name())
        .isEqualTo("Bob");
  }
}
