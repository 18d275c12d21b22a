package io.usersroles.engines.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Predicate;

/**
 * An event source mapping's filter pattern (the subset of the EventBridge pattern syntax the template
 * uses): an object names fields to look into, an array lists the values a field may have; a record
 * passes when every named field has one of its values. {@code {"eventName": ["INSERT"]}} passes a record
 * whose {@code eventName} is {@code "INSERT"}. Other operators ({@code prefix}, {@code exists}, ...) are
 * refused, so a pattern this class cannot judge is never taken for one it can.
 */
public final class FilterPattern implements Predicate<JsonNode> {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode pattern;

  private FilterPattern(JsonNode pattern) {
    this.pattern = pattern;
    check(pattern);
  }

  /** The pattern in {@code text}, as the template's {@code FilterCriteria.Filters[].Pattern} holds it. */
  public static FilterPattern parse(String text) {
    try {
      return new FilterPattern(JSON.readTree(text));
    } catch (IOException e) {
      throw new UncheckedIOException("not a JSON filter pattern: " + text, e);
    }
  }

  @Override
  public boolean test(JsonNode record) {
    return matches(pattern, record);
  }

  private static boolean matches(JsonNode pattern, JsonNode value) {
    if (pattern.isArray()) {
      for (JsonNode allowed : pattern) {
        if (allowed.equals(value)) {
          return true;
        }
      }
      return false;
    }
    for (Iterator<Map.Entry<String, JsonNode>> fields = pattern.fields(); fields.hasNext();) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!matches(field.getValue(), value.path(field.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static void check(JsonNode pattern) {
    if (pattern.isArray()) {
      for (JsonNode allowed : pattern) {
        if (!allowed.isValueNode()) {
          throw new IllegalArgumentException("only exact values are supported in a filter pattern: " + allowed);
        }
      }
    } else if (pattern.isObject()) {
      pattern.forEach(FilterPattern::check);
    } else {
      throw new IllegalArgumentException("a filter pattern holds objects and arrays of values: " + pattern);
    }
  }
}
