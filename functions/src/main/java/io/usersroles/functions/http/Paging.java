package io.usersroles.functions.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.domain.DomainException;
import io.usersroles.domain.Page;
import io.usersroles.service.Listing;
import java.util.function.Function;

/** The {@code limit} and {@code cursor} query parameters and the {@code {items, nextCursor}} body. */
public final class Paging {
  private Paging() {}

  public static int limit(HttpRequest request) {
    String text = request.query("limit").orElse(null);
    if (text == null) {
      return Listing.DEFAULT_LIMIT;
    }
    if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw DomainException.invalidField("limit", "must be a whole number between 1 and " + Listing.MAX_LIMIT);
    }
    return Integer.parseInt(text);
  }

  public static String cursor(HttpRequest request) {
    return request.query("cursor").orElse(null);
  }

  public static <T> HttpResponse page(Page<T> page, Function<T, JsonNode> toJson) {
    ObjectNode body = Json.object();
    ArrayNode items = body.putArray("items");
    for (T item : page.items()) {
      items.add(toJson.apply(item));
    }
    if (page.nextCursor() == null) {
      body.putNull("nextCursor");
    } else {
      body.put("nextCursor", page.nextCursor());
    }
    return HttpResponse.ok(body);
  }
}
