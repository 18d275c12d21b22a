package io.usersroles.functions.http;

import io.usersroles.domain.DomainException;
import io.usersroles.domain.Principal;
import io.usersroles.service.IdempotencyService;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@code Idempotency-Key} header of the create routes, translated for {@link IdempotencyService}:
 * the key and the request's content in, the answer (marked {@code Idempotent-Replayed} when it is the
 * recorded one) out.
 */
public final class Idempotency {
  public static final String HEADER = "Idempotency-Key";
  /** Set on a response that is a replay of a recorded one. */
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";
  static final int MAX_KEY_LENGTH = 255;

  private final IdempotencyService service;

  public Idempotency(IdempotencyService service) {
    this.service = service;
  }

  /**
   * Answers {@code request} with {@code handle}, at most once per key. Without the header it just
   * runs. With it, {@code requireAccess} runs first: strangers get their 404 and members without the
   * permission their 403 before anything is recorded.
   */
  public HttpResponse run(HttpRequest request, Principal caller, String orgId, Runnable requireAccess,
      Supplier<HttpResponse> handle) {
    Optional<String> header = request.header(HEADER);
    if (header.isEmpty()) {
      return handle.get();
    }
    requireAccess.run();
    IdempotencyService.KeyedRequest keyed = new IdempotencyService.KeyedRequest(orgId, caller.id(),
        request.routeKey(), validKey(header.get()),
        request.method() + "\n" + request.path() + "\n" + request.body().orElse(""));
    IdempotencyService.Outcome outcome = service.run(keyed, () -> answer(request, handle));
    IdempotencyService.Answer answer = outcome.answer();
    HttpResponse response = HttpResponse.of(answer.status(), answer.headers(), answer.body());
    return outcome.replayed() ? response.withHeader(REPLAYED_HEADER, "true") : response;
  }

  /** The route's answer, its problems included, except those a retry may not meet again (503). */
  private static IdempotencyService.Answer answer(HttpRequest request, Supplier<HttpResponse> handle) {
    HttpResponse response;
    try {
      response = handle.get();
    } catch (DomainException problem) {
      if (problem.kind() == DomainException.Kind.UNAVAILABLE) {
        throw problem;
      }
      response = Problems.of(problem, request.path());
    }
    return new IdempotencyService.Answer(response.status(), response.headers(), response.body());
  }

  /** 1 to 255 printable ASCII characters, not all blank. */
  private static String validKey(String key) {
    boolean printable = key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    if (key.isBlank() || key.length() > MAX_KEY_LENGTH || !printable) {
      throw DomainException.invalidField(HEADER, "must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters");
    }
    return key;
  }
}
