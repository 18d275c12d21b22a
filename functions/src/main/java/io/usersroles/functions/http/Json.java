package io.usersroles.functions.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.json.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * JSON as the functions read and write it: trees, strict on the way in (see {@link JsonTrees}, which
 * also says why there is no {@code ObjectMapper} here).
 */
public final class Json {
  private Json() {}

  public static ObjectNode object() {
    return JsonTrees.object();
  }

  public static ArrayNode array() {
    return JsonTrees.array();
  }

  public static JsonNode read(String text) throws JsonProcessingException {
    return JsonTrees.read(text);
  }

  public static JsonNode read(byte[] bytes) throws JsonProcessingException {
    return JsonTrees.read(bytes);
  }

  public static JsonNode read(InputStream input) throws IOException {
    return JsonTrees.read(input);
  }

  public static void write(JsonNode tree, OutputStream output) throws IOException {
    JsonTrees.write(tree, output);
  }

  public static byte[] bytes(JsonNode tree) {
    return JsonTrees.bytes(tree);
  }

  public static String text(JsonNode tree) {
    return JsonTrees.text(tree);
  }
}
