package io.usersroles.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.maps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.testing.Gens;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** JsonTrees reads and writes exactly what Jackson's ObjectMapper would, and is stricter on the way in. */
class JsonTreesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @Test
  void readsAndWritesLikeTheObjectMapper() {
    qt().withExamples(300).forAll(trees()).checkAssert(JsonTreesTest::assertReadsAndWritesLikeTheObjectMapper);
  }

  private static void assertReadsAndWritesLikeTheObjectMapper(JsonNode tree) {
    try {
      String expected = MAPPER.writeValueAsString(tree);

      assertThat(JsonTrees.text(tree)).isEqualTo(expected);
      assertThat(new String(JsonTrees.bytes(tree), StandardCharsets.UTF_8)).isEqualTo(expected);
      assertThat(JsonTrees.read(expected)).isEqualTo(MAPPER.readTree(expected));
      assertThat(JsonTrees.read(expected.getBytes(StandardCharsets.UTF_8))).isEqualTo(tree);
      assertThat(JsonTrees.read(new ByteArrayInputStream(expected.getBytes(StandardCharsets.UTF_8)))).isEqualTo(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Gen<JsonNode> trees() {
    return value(3);
  }

  private static Gen<JsonNode> value(int depth) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    Gen<JsonNode> leaves = Generate.oneOf(
        texts(20).map(nodes::textNode),
        Gens.integers(Integer.MIN_VALUE, Integer.MAX_VALUE).map(i -> nodes.numberNode(i)),
        Gens.longs(1L << 40, Long.MAX_VALUE).map(l -> nodes.numberNode(l)),
        doubles().map(d -> nodes.numberNode(d)),
        Gens.of(true, false).map(b -> nodes.booleanNode(b)),
        Generate.constant(nodes.nullNode()));
    if (depth == 0) {
      return leaves;
    }
    Gen<JsonNode> child = value(depth - 1);
    Gen<JsonNode> arrays = lists().of(child).ofSizeBetween(0, 4).map(elements -> {
      ArrayNode array = nodes.arrayNode();
      elements.forEach(array::add);
      return array;
    });
    Gen<JsonNode> objects = maps().of(texts(8), child).ofSizeBetween(0, 4).map(fields -> {
      ObjectNode object = nodes.objectNode();
      fields.forEach(object::set);
      return object;
    });
    return Generate.frequency(List.of(Pair.of(3, leaves), Pair.of(1, arrays), Pair.of(1, objects)));
  }

  /** Any strings of up to {@code maxLength} characters, and the edge cases empty, NUL and a space. */
  private static Gen<String> texts(int maxLength) {
    return Gens.withEdgeCases(Gens.strings(Gens.anyChar(), 0, maxLength), List.of("", "\u0000", " "));
  }

  /**
   * Finite values of two decimals (never NaN or infinite, which JSON cannot hold), as often near zero as anywhere
   * up to {@code Double.MAX_VALUE}, and the edge cases 0, 1, 0.01 and {@code Double.MAX_VALUE}, both signs.
   */
  private static Gen<Double> doubles() {
    long largest = Double.doubleToLongBits(Double.MAX_VALUE);
    Gen<Double> near = Generate.longRange(-100_000, 100_000).map(cents -> BigDecimal.valueOf(cents, 2).doubleValue());
    Gen<Double> anywhere = Generate.longRange(-largest, largest)
        .map(bits -> Math.copySign(Double.longBitsToDouble(Math.abs(bits)), bits))
        .map(d -> new BigDecimal(d).setScale(2, RoundingMode.HALF_EVEN).doubleValue());
    return Generate.frequency(List.of(
        Pair.of(Gens.EDGE_CASE_PERCENT, Gens.of(0.0, 1.0, -1.0, 0.01, -0.01, -Double.MAX_VALUE, Double.MAX_VALUE)),
        Pair.of((100 - Gens.EDGE_CASE_PERCENT) / 2, near),
        Pair.of((100 - Gens.EDGE_CASE_PERCENT) / 2, anywhere)));
  }

  @Test
  void refusesWhatARequestMustNotBe() {
    for (String bad : List.of("{\"a\":1,\"a\":2}", "{\"a\":1} {}", "[1] x", "{\"a\":", "{'a':1}", "[1,]", "NaN")) {
      assertThatThrownBy(() -> JsonTrees.read(bad)).as(bad).isInstanceOf(JsonProcessingException.class);
    }
    String deep = "[".repeat(JsonTrees.MAX_NESTING_DEPTH + 1) + "]".repeat(JsonTrees.MAX_NESTING_DEPTH + 1);
    assertThatThrownBy(() -> JsonTrees.read(deep)).isInstanceOf(StreamConstraintsException.class);
    String deepest = "[".repeat(JsonTrees.MAX_NESTING_DEPTH) + "]".repeat(JsonTrees.MAX_NESTING_DEPTH);
    assertThat(assertDoesNotThrow(deepest).isArray()).isTrue();
  }

  @Test
  void nothingAtAllIsTheMissingNode() throws Exception {
    assertThat(JsonTrees.read("").isMissingNode()).isTrue();
    assertThat(JsonTrees.read("  \n").isMissingNode()).isTrue();
    assertThat(JsonTrees.read("null").isNull()).isTrue();
  }

  @Test
  void writingLeavesTheStreamOpen() throws Exception {
    ByteArrayOutputStream output = new ByteArrayOutputStream() {
      @Override
      public void close() {
        throw new AssertionError("the Lambda runtime's stream is not ours to close");
      }
    };
    JsonTrees.write(JsonTrees.object().put("allowed", true), output);
    assertThat(output.toString(StandardCharsets.UTF_8)).isEqualTo("{\"allowed\":true}");
  }

  private static JsonNode assertDoesNotThrow(String json) {
    try {
      return JsonTrees.read(json);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }
}
