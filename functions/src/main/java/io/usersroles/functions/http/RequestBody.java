package io.usersroles.functions.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.domain.DomainException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A request's JSON object body, read field by field. Each accessor checks the field's type; a
 * handler ends with {@link #rejectUnknownFields()} so that a misspelt field is a 400, not ignored.
 */
public final class RequestBody {
  private final ObjectNode root;
  private final Set<String> read = new HashSet<>();

  private RequestBody(ObjectNode root) {
    this.root = root;
  }

  /** The body as a JSON object; 400 when it is absent, not JSON, or not an object. */
  public static RequestBody of(HttpRequest request) {
    String text = request.body().orElse("");
    if (text.isBlank()) {
      throw DomainException.invalid("The request needs a JSON object body");
    }
    JsonNode node;
    try {
      node = Json.read(text);
    } catch (StreamConstraintsException e) {
      throw DomainException.invalid("The request body is nested too deeply or is too large");
    } catch (JsonProcessingException e) {
      throw DomainException.invalid("The request body is not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw DomainException.invalid("The request body must be a JSON object");
    }
    return new RequestBody((ObjectNode) node);
  }

  /** An empty body is an empty object (for routes whose body is optional). */
  public static RequestBody ofOptional(HttpRequest request) {
    if (request.body().map(String::isBlank).orElse(true)) {
      return new RequestBody(Json.object());
    }
    return of(request);
  }

  public boolean has(String field) {
    return root.has(field);
  }

  public boolean isNull(String field) {
    return root.has(field) && root.get(field).isNull();
  }

  public String requiredString(String field) {
    read.add(field);
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      throw DomainException.invalidField(field, "is required");
    }
    if (!value.isTextual()) {
      throw DomainException.invalidField(field, "must be a string");
    }
    return value.textValue();
  }

  /** The string value, empty when absent; {@code null} when the field is JSON null and nulls are allowed. */
  public Optional<String> optionalString(String field, boolean nullAllowed) {
    read.add(field);
    JsonNode value = root.get(field);
    if (value == null) {
      return Optional.empty();
    }
    if (value.isNull()) {
      if (!nullAllowed) {
        throw DomainException.invalidField(field, "must be a string");
      }
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw DomainException.invalidField(field, "must be a string");
    }
    return Optional.of(value.textValue());
  }

  /** A boolean, empty when absent; 400 for anything but {@code true} or {@code false}. */
  public Optional<Boolean> optionalBoolean(String field) {
    read.add(field);
    JsonNode value = root.get(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isBoolean()) {
      throw DomainException.invalidField(field, "must be true or false");
    }
    return Optional.of(value.booleanValue());
  }

  /** A whole number within {@code [min, max]}; 400 when absent, fractional, or out of range. */
  public long requiredLong(String field, long min, long max) {
    read.add(field);
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      throw DomainException.invalidField(field, "is required");
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < min
        || value.longValue() > max) {
      throw DomainException.invalidField(field, "must be a whole number from " + min + " to " + max);
    }
    return value.longValue();
  }

  /**
   * The role ids of a body that is exactly {@code {"roles": [roleId...]}} (changing a member's or an open
   * invitation's roles): {@code roles} required, any other field refused.
   */
  public static List<String> rolesOnly(HttpRequest request) {
    RequestBody body = of(request);
    List<String> roles = body.optionalStringList("roles")
        .orElseThrow(() -> DomainException.invalidField("roles", "is required"));
    body.rejectUnknownFields();
    return roles;
  }

  /** An array of strings, empty when the field is absent. */
  public Optional<List<String>> optionalStringList(String field) {
    read.add(field);
    JsonNode value = root.get(field);
    if (value == null) {
      return Optional.empty();
    }
    return Optional.of(stringList(field, value));
  }

  /** A field that may be a string or an array of strings (as {@code emails} is). */
  public JsonNode required(String field) {
    read.add(field);
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      throw DomainException.invalidField(field, "is required");
    }
    return value;
  }

  /** Reads an array node as strings; 400 for anything else. */
  public static List<String> stringList(String field, JsonNode value) {
    if (!value.isArray()) {
      throw DomainException.invalidField(field, "must be an array of strings");
    }
    List<String> strings = new ArrayList<>(value.size());
    for (JsonNode element : value) {
      if (!element.isTextual()) {
        throw DomainException.invalidField(field, "must be an array of strings");
      }
      strings.add(element.textValue());
    }
    return strings;
  }

  /**
   * 400 when the body has a field no accessor asked for. The problem lists the first few and counts
   * the rest (a 1 MiB body can hold 100,000 unknown fields; the answer stays small).
   */
  public void rejectUnknownFields() {
    List<DomainException.FieldError> listed = new ArrayList<>();
    int unknown = 0;
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!read.contains(name)) {
        unknown++;
        if (listed.size() < DomainException.MAX_LISTED_ERRORS) {
          listed.add(new DomainException.FieldError(name, "is not a field of this request"));
        }
      }
    }
    if (unknown > 0) {
      throw DomainException.invalidFields(listed, unknown);
    }
  }
}
