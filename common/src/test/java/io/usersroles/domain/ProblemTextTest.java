package io.usersroles.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The texts of a problem are cut on a code point and stay well-formed, whatever the request put in them. */
class ProblemTextTest {
  @Test
  void shortTextsStayAsTheyAre() {
    assertThat(DomainException.shortened("name", 4)).isEqualTo("name");
    assertThat(DomainException.shortened("\ud83d\ude80\ud83d\ude80", 2)).isEqualTo("\ud83d\ude80\ud83d\ude80");
  }

  @Test
  void longTextsAreCutOnACodePointAndEndWithAnEllipsis() {
    assertThat(DomainException.shortened("abcdef", 4)).isEqualTo("abc\u2026");
    // four rockets (eight chars) cut to three code points: two rockets and the ellipsis, never half a rocket
    assertThat(DomainException.shortened("\ud83d\ude80".repeat(4), 3)).isEqualTo("\ud83d\ude80\ud83d\ude80\u2026");
  }

  @Test
  void aLoneSurrogateHalfBecomesTheReplacementCharacter() {
    assertThat(DomainException.shortened("a\ud800b\udfff", 10)).isEqualTo("a\ufffdb\ufffd");
    // a supplementary character whose low 16 bits look like a surrogate is kept
    assertThat(DomainException.shortened(new String(Character.toChars(0x1d800)), 10))
        .isEqualTo(new String(Character.toChars(0x1d800)));
  }

  @Test
  void everyProblemTextIsCut() {
    String huge = "x".repeat(100_000);
    assertThat(DomainException.invalid(huge).detail()).hasSize(DomainException.MAX_DETAIL_LENGTH);
    DomainException field = DomainException.invalidField(huge, huge);
    assertThat(field.fieldErrors().get(0).field()).hasSize(DomainException.MAX_FIELD_LENGTH);
    assertThat(field.fieldErrors().get(0).message()).hasSize(DomainException.MAX_MESSAGE_LENGTH);
    assertThat(field.detail()).hasSizeLessThanOrEqualTo(DomainException.MAX_DETAIL_LENGTH);
  }

  @Test
  void aProblemListsTheFirstTwentyFieldErrorsAndCountsTheRest() {
    List<DomainException.FieldError> errors = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      errors.add(new DomainException.FieldError("f" + i, "is wrong"));
    }
    DomainException problem = DomainException.invalidFields(errors);
    assertThat(problem.fieldErrors()).hasSize(20).first().isEqualTo(errors.get(0));
    assertThat(problem.unlistedErrors()).isEqualTo(5);
    assertThat(problem.detail()).startsWith("f0: is wrong; f1: is wrong").endsWith("; and 5 more errors not listed");
    assertThat(problem.retryAfter(1).unlistedErrors()).isEqualTo(5);
    assertThat(DomainException.invalidFields(errors.subList(0, 2)).detail()).isEqualTo("f0: is wrong; f1: is wrong");
  }
}
