package io.usersroles.functions.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.config.AwsFailures;
import io.usersroles.config.Settings;
import io.usersroles.domain.DomainException;
import io.usersroles.domain.Principal;
import io.usersroles.security.Crypto;
import io.usersroles.store.IdempotencyStore;
import io.usersroles.store.IdempotencyStore.Claim;
import io.usersroles.store.IdempotencyStore.Slot;
import io.usersroles.store.IdempotencyStore.Use;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The {@code Idempotency-Key} header of the create routes: a request repeated with the same key and
 * the same body within a day gets the first answer again (status and body) instead of running again;
 * the same key with another request gets {@code 422}. Keys are scoped per org, caller and route.
 */
@Singleton
public final class Idempotency {
  private static final Logger LOG = LoggerFactory.getLogger(Idempotency.class);
  public static final String HEADER = "Idempotency-Key";
  /** Set on a response that is a replay of a recorded one. */
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";
  /** How long a key is remembered. */
  public static final Duration WINDOW = Duration.ofHours(24);
  /**
   * After this a claim still marked running belongs to an invocation that has certainly ended (API
   * routes time out after 29 s), so its key may run again rather than answer 409 for a day.
   */
  static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);
  static final int MAX_KEY_LENGTH = 255;

  private final IdempotencyStore store;
  private final byte[] sealingKey;
  private final Clock clock;

  @Inject
  public Idempotency(IdempotencyStore store, Settings settings, Clock clock) {
    this.store = store;
    this.sealingKey = Crypto.deriveKey(settings.serverSecret(), "idempotency-responses");
    this.clock = clock;
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
    String key = validKey(header.get());
    Slot slot = new Slot(orgId, caller.id(), Crypto.hashOf(request.routeKey() + "\n" + key));
    String requestHash = Crypto.hashOf(request.method() + "\n" + request.path() + "\n" + request.body().orElse(""));
    // a use that vanishes between a failed claim and the read (released, or just stale) is claimed again
    for (int attempt = 0; attempt < 3; attempt++) {
      Instant now = clock.instant();
      Optional<Claim> claim = store.claim(slot, requestHash, now, now.minus(WINDOW), now.minus(ABANDONED_AFTER),
          now.plus(WINDOW));
      if (claim.isPresent()) {
        return runClaimed(claim.get(), request, handle);
      }
      Optional<Use> use = store.find(slot).filter(found -> !found.createdAt().isBefore(now.minus(WINDOW)));
      if (use.isPresent()) {
        return answerFromRecord(use.get(), slot, requestHash, request);
      }
    }
    return stillRunning(request);
  }

  private HttpResponse runClaimed(Claim claim, HttpRequest request, Supplier<HttpResponse> handle) {
    HttpResponse response;
    try {
      response = handle.get();
    } catch (DomainException problem) {
      if (problem.kind() == DomainException.Kind.UNAVAILABLE) {
        store.release(claim);
        throw problem;
      }
      response = Problems.of(problem, request.path());
    } catch (RuntimeException failed) {
      // lost races and bugs: nothing final happened that a retry should see again
      store.release(claim);
      throw failed;
    }
    if (response.status() >= 500) {
      store.release(claim);
      return response;
    }
    try {
      store.complete(claim, seal(response, claim.slot()), claim.claimedAt().plus(WINDOW));
    } catch (SdkException failed) {
      if (!AwsFailures.isTransient(failed)) {
        throw failed;
      }
      // the request is done and must be answered as such (a 503 would say nothing happened); its key
      // stays claimed: a repeat within ABANDONED_AFTER gets 409 in-use, a later one runs again
      LOG.warn("request {}: its answer could not be recorded for its Idempotency-Key: {}", request.requestId(),
          failed.toString());
    }
    return response;
  }

  private HttpResponse answerFromRecord(Use use, Slot slot, String requestHash, HttpRequest request) {
    if (!use.requestHash().equals(requestHash)) {
      throw DomainException.unprocessable("idempotency-key-reused",
          "This Idempotency-Key was used with a different request; use a new key for a new request");
    }
    if (!use.done()) {
      return stillRunning(request);
    }
    return open(use.sealedResponse(), slot).withHeader(REPLAYED_HEADER, "true");
  }

  private static HttpResponse stillRunning(HttpRequest request) {
    return Problems.of(DomainException.conflict("idempotency-key-in-use",
        "A request with this Idempotency-Key is still being processed; retry shortly"), request.path())
        .withHeader("Retry-After", "1");
  }

  /** 1 to 255 printable ASCII characters, not all blank. */
  private static String validKey(String key) {
    boolean printable = key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    if (key.isBlank() || key.length() > MAX_KEY_LENGTH || !printable) {
      throw DomainException.invalidField(HEADER, "must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters");
    }
    return key;
  }

  /** The response as JSON, encrypted: a service account's secret must never be stored in clear. */
  private String seal(HttpResponse response, Slot slot) {
    ObjectNode recorded = Json.object();
    recorded.put("status", response.status());
    ObjectNode headers = recorded.putObject("headers");
    response.headers().forEach(headers::put);
    if (response.body() != null) {
      recorded.set("body", response.body());
    }
    return Crypto.base64url(Crypto.seal(sealingKey, Json.bytes(recorded), slot.associatedData()));
  }

  private HttpResponse open(String sealed, Slot slot) {
    try {
      JsonNode recorded = Json.read(Crypto.open(sealingKey, Crypto.fromBase64url(sealed),
          slot.associatedData()));
      Map<String, String> headers = new LinkedHashMap<>();
      recorded.path("headers").fields().forEachRemaining(header -> headers.put(header.getKey(),
          header.getValue().asText()));
      JsonNode body = recorded.hasNonNull("body") ? recorded.get("body") : null;
      return HttpResponse.of(recorded.get("status").asInt(), headers, body);
    } catch (IOException e) {
      throw new IllegalStateException("a recorded response is not JSON", e);
    }
  }
}
