package io.usersroles.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** JsonTrees reads and writes exactly what Jackson's ObjectMapper would, and is stricter on the way in. */
class JsonTreesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @Property(tries = 300)
  void readsAndWritesLikeTheObjectMapper(@ForAll("trees") JsonNode tree) throws Exception {
    String expected = MAPPER.writeValueAsString(tree);

    assertThat(JsonTrees.text(tree)).isEqualTo(expected);
    assertThat(new String(JsonTrees.bytes(tree), StandardCharsets.UTF_8)).isEqualTo(expected);
    assertThat(JsonTrees.read(expected)).isEqualTo(MAPPER.readTree(expected));
    assertThat(JsonTrees.read(expected.getBytes(StandardCharsets.UTF_8))).isEqualTo(tree);
    assertThat(JsonTrees.read(new ByteArrayInputStream(expected.getBytes(StandardCharsets.UTF_8)))).isEqualTo(tree);
  }

  @Provide
  Arbitrary<JsonNode> trees() {
    return value(3);
  }

  private static Arbitrary<JsonNode> value(int depth) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    Arbitrary<JsonNode> leaves = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(20).map(nodes::textNode),
        Arbitraries.integers().map(i -> (JsonNode) nodes.numberNode(i)),
        Arbitraries.longs().greaterOrEqual(1L << 40).map(l -> (JsonNode) nodes.numberNode(l)),
        Arbitraries.doubles().map(d -> (JsonNode) nodes.numberNode(d)),
        Arbitraries.of(true, false).map(b -> (JsonNode) nodes.booleanNode(b)),
        Arbitraries.just(nodes.nullNode()));
    if (depth == 0) {
      return leaves;
    }
    Arbitrary<JsonNode> child = value(depth - 1);
    Arbitrary<JsonNode> arrays = child.list().ofMaxSize(4).map(elements -> {
      ArrayNode array = nodes.arrayNode();
      elements.forEach(array::add);
      return array;
    });
    Arbitrary<JsonNode> objects = Arbitraries.maps(Arbitraries.strings().ofMaxLength(8), child).ofMaxSize(4)
        .map(fields -> {
          ObjectNode object = nodes.objectNode();
          fields.forEach(object::set);
          return object;
        });
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, leaves), net.jqwik.api.Tuple.of(1, arrays), net.jqwik.api.Tuple.of(1, objects));
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
