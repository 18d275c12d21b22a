package io.usersroles.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads and writes JSON trees with Jackson's streaming parser and generator alone. Every function
 * speaks JSON trees, never bound classes, so it has no use for an {@code ObjectMapper}, whose
 * construction (some 300 classes of serializer and deserializer machinery) was the largest single
 * item of a cold start: docs/benchmarks.md has the numbers. Reading is strict: duplicate keys,
 * trailing tokens and nesting deeper than {@link #MAX_NESTING_DEPTH} are errors.
 */
public final class JsonTrees {
  /** Deeper JSON than this is not a request of ours (and a nesting bomb is refused cheaply). */
  public static final int MAX_NESTING_DEPTH = 32;

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
      .build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonTrees() {}

  public static ObjectNode object() {
    return NODES.objectNode();
  }

  public static ArrayNode array() {
    return NODES.arrayNode();
  }

  /** The tree of {@code text}; a {@link MissingNode} when it holds no value at all. */
  public static JsonNode read(String text) throws JsonProcessingException {
    try (JsonParser parser = FACTORY.createParser(text)) {
      return read(parser);
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("reading a string cannot fail this way", e);
    }
  }

  public static JsonNode read(byte[] bytes) throws JsonProcessingException {
    try (JsonParser parser = FACTORY.createParser(bytes)) {
      return read(parser);
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("reading bytes cannot fail this way", e);
    }
  }

  /** Reads the whole stream (an invocation event); {@link JsonProcessingException} when it is not JSON. */
  public static JsonNode read(InputStream input) throws IOException {
    try (JsonParser parser = FACTORY.createParser(input)) {
      return read(parser);
    }
  }

  private static JsonNode read(JsonParser parser) throws IOException {
    JsonToken first = parser.nextToken();
    if (first == null) {
      return MissingNode.getInstance();
    }
    JsonNode root = value(parser, first);
    JsonToken trailing = parser.nextToken();
    if (trailing != null) {
      throw new JsonParseException(parser, "Trailing token (of type " + trailing + ") after the JSON value");
    }
    return root;
  }

  private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT: {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          object.set(name, value(parser, parser.nextToken()));
        }
        return object;
      }
      case START_ARRAY: {
        ArrayNode array = NODES.arrayNode();
        for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
          array.add(value(parser, next));
        }
        return array;
      }
      case VALUE_STRING:
        return NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT:
        switch (parser.getNumberType()) {
          case INT:
            return NODES.numberNode(parser.getIntValue());
          case LONG:
            return NODES.numberNode(parser.getLongValue());
          default:
            return NODES.numberNode(parser.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(parser.getDoubleValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new JsonParseException(parser, "Unexpected token " + token);
    }
  }

  /** Writes {@code tree} as UTF-8 to {@code output}, which stays open. */
  public static void write(JsonNode tree, OutputStream output) throws IOException {
    try (JsonGenerator generator = FACTORY.createGenerator(output, JsonEncoding.UTF8)) {
      write(tree, generator);
    }
  }

  public static byte[] bytes(JsonNode tree) {
    ByteArrayOutputStream output = new ByteArrayOutputStream(256);
    try {
      write(tree, output);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return output.toByteArray();
  }

  public static String text(JsonNode tree) {
    StringWriter output = new StringWriter(256);
    try (JsonGenerator generator = FACTORY.createGenerator(output)) {
      write(tree, generator);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return output.toString();
  }

  private static void write(JsonNode node, JsonGenerator out) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT:
        out.writeStartObject();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
          Map.Entry<String, JsonNode> field = fields.next();
          out.writeFieldName(field.getKey());
          write(field.getValue(), out);
        }
        out.writeEndObject();
        return;
      case ARRAY:
        out.writeStartArray();
        for (JsonNode element : node) {
          write(element, out);
        }
        out.writeEndArray();
        return;
      case STRING:
        out.writeString(node.textValue());
        return;
      case BOOLEAN:
        out.writeBoolean(node.booleanValue());
        return;
      case NULL:
        out.writeNull();
        return;
      case NUMBER:
        switch (node.numberType()) {
          case INT:
            out.writeNumber(node.intValue());
            return;
          case LONG:
            out.writeNumber(node.longValue());
            return;
          case BIG_INTEGER:
            out.writeNumber(node.bigIntegerValue());
            return;
          case BIG_DECIMAL:
            out.writeNumber(node.decimalValue());
            return;
          default:
            out.writeNumber(node.doubleValue());
            return;
        }
      default:
        throw new IllegalArgumentException("not a JSON value of ours: " + node.getNodeType());
    }
  }
}
