package io.usersroles.functions.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.domain.DomainException;
import io.usersroles.domain.Principal;
import java.util.ArrayList;
import java.util.List;

/**
 * How the authorizer hands the principal to the handlers: the Lambda authorizer's {@code context}
 * (flat string and boolean values, as API Gateway requires), which arrives in every route event at
 * {@code requestContext.authorizer.lambda}.
 */
public final class PrincipalContext {
  static final String TYPE = "principalType";
  static final String ID = "principalId";
  static final String EMAIL = "email";
  static final String EMAIL_VERIFIED = "emailVerified";
  static final String NAME = "name";
  static final String GROUPS = "groups";
  static final String ORG_ID = "orgId";
  static final String USER = "user";
  static final String SERVICE_ACCOUNT = "service_account";
  /** Set instead of a principal when the credentials could not be checked for now (its value: why). */
  public static final String UNAVAILABLE = "unavailable";

  private PrincipalContext() {}

  /** The authorizer context for {@code principal}. */
  public static ObjectNode toContext(Principal principal) {
    ObjectNode context = Json.object();
    context.put(ID, principal.id());
    if (principal instanceof Principal.User) {
      Principal.User user = (Principal.User) principal;
      context.put(TYPE, USER);
      if (user.email() != null) {
        context.put(EMAIL, user.email());
      }
      context.put(EMAIL_VERIFIED, user.emailVerified());
      if (user.name() != null) {
        context.put(NAME, user.name());
      }
      ArrayNode groups = Json.array();
      user.groups().forEach(groups::add);
      context.put(GROUPS, Json.text(groups));
    } else {
      Principal.ServiceAccount account = (Principal.ServiceAccount) principal;
      context.put(TYPE, SERVICE_ACCOUNT);
      context.put(ORG_ID, account.orgId());
    }
    return context;
  }

  /** The context of a request whose credentials could not be checked for now, for the reason {@code code}. */
  public static ObjectNode unavailable(String code) {
    return Json.object().put(UNAVAILABLE, code);
  }

  /**
   * The principal the authorizer established; unauthenticated when the context holds none, 503 when
   * the authorizer could not check the credentials for now.
   */
  public static Principal fromContext(JsonNode context) {
    if (context.hasNonNull(UNAVAILABLE)) {
      throw DomainException.unavailable(context.get(UNAVAILABLE).asText(),
          "The credentials could not be checked just now; nothing was done, retry after the time in Retry-After");
    }
    String id = context.path(ID).asText("");
    if (id.isEmpty()) {
      throw DomainException.unauthenticated("The request carries no authenticated principal");
    }
    String type = context.path(TYPE).asText("");
    if (SERVICE_ACCOUNT.equals(type)) {
      return new Principal.ServiceAccount(id, context.path(ORG_ID).asText());
    }
    if (!USER.equals(type)) {
      throw DomainException.unauthenticated("The request carries an unknown kind of principal");
    }
    String email = context.hasNonNull(EMAIL) ? context.get(EMAIL).asText() : null;
    JsonNode verified = context.path(EMAIL_VERIFIED);
    boolean emailVerified = verified.isBoolean() ? verified.booleanValue() : "true".equals(verified.asText());
    String name = context.hasNonNull(NAME) ? context.get(NAME).asText() : null;
    List<String> groups = List.of();
    if (context.hasNonNull(GROUPS)) {
      groups = groups(context.get(GROUPS).asText());
    }
    return new Principal.User(id, email, emailVerified, name, groups);
  }

  /** The groups the authorizer put in the context: a JSON array of strings, in a string. */
  private static List<String> groups(String json) {
    JsonNode array;
    try {
      array = Json.read(json);
    } catch (JsonProcessingException e) {
      throw DomainException.unauthenticated("The request's principal has malformed groups");
    }
    if (!array.isArray()) {
      throw DomainException.unauthenticated("The request's principal has malformed groups");
    }
    List<String> groups = new ArrayList<>(array.size());
    for (JsonNode group : array) {
      if (!group.isTextual()) {
        throw DomainException.unauthenticated("The request's principal has malformed groups");
      }
      groups.add(group.textValue());
    }
    return List.copyOf(groups);
  }
}
