package io.usersroles.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.config.AwsFailures;
import io.usersroles.config.Settings;
import io.usersroles.domain.DomainException;
import io.usersroles.json.JsonTrees;
import io.usersroles.security.Crypto;
import io.usersroles.security.DerivedKey;
import io.usersroles.store.IdempotencyStore;
import io.usersroles.store.IdempotencyStore.Claim;
import io.usersroles.store.IdempotencyStore.Slot;
import io.usersroles.store.IdempotencyStore.Use;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
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
 * Requests made at most once per idempotency key: a request repeated with the same key and the same
 * content within a day gets the first answer again (status, headers and body) instead of running
 * again; the same key with other content is refused ({@code 422}); a repeat while the first still
 * runs is a conflict that clears by itself ({@code 409}, retry after a second). Keys are scoped per
 * org, caller and route; answers are stored sealed, since one may hold a service account's secret.
 */
@Singleton
public final class IdempotencyService {
  private static final Logger LOG = LoggerFactory.getLogger(IdempotencyService.class);
  /** How long a key is remembered. */
  public static final Duration WINDOW = Duration.ofHours(24);
  /**
   * After this a claim still marked running belongs to an invocation that has certainly ended (API
   * routes time out after 29 s), so its key may run again rather than answer 409 for a day.
   */
  static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);
  /** Attempts at claiming a key whose use vanishes between a failed claim and the read that follows. */
  private static final int CLAIM_ATTEMPTS = 3;

  private final IdempotencyStore store;
  private final DerivedKey sealingKey;
  private final Clock clock;

  @Inject
  public IdempotencyService(IdempotencyStore store, Settings settings, Clock clock) {
    this.store = store;
    this.sealingKey = new DerivedKey(settings.serverSecret(), "idempotency-responses");
    this.clock = clock;
  }

  /**
   * One request under a key: the org and caller it is scoped to, its route, the key as sent, and
   * its content (what makes two requests with one key the same request).
   */
  public record KeyedRequest(String orgId, String callerId, String route, String key, String content) {}

  /** An answer as recorded and replayed. */
  public record Answer(int status, Map<String, String> headers, JsonNode body) {
    public Answer {
      headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }
  }

  /** The answer to a keyed request, and whether it is the recorded answer of an earlier one. */
  public record Outcome(Answer answer, boolean replayed) {}

  /**
   * Answers {@code request} with {@code handle}, at most once per key. {@code handle} turns the
   * problems it means to answer into answers; a problem it throws, or an answer of 500 or more,
   * records nothing, so a retry runs again.
   */
  public Outcome run(KeyedRequest request, Supplier<Answer> handle) {
    Slot slot = new Slot(request.orgId(), request.callerId(), Crypto.hashOf(request.route() + "\n" + request.key()));
    String requestHash = Crypto.hashOf(request.content());
    for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      Instant now = clock.instant();
      Optional<Claim> claim = store.claim(slot, requestHash, now, now.minus(WINDOW), now.minus(ABANDONED_AFTER),
          now.plus(WINDOW));
      if (claim.isPresent()) {
        return new Outcome(runClaimed(claim.get(), handle), false);
      }
      Optional<Use> use = store.find(slot).filter(found -> !found.createdAt().isBefore(now.minus(WINDOW)));
      if (use.isPresent()) {
        return new Outcome(recorded(use.get(), slot, requestHash), true);
      }
    }
    throw stillRunning();
  }

  private Answer runClaimed(Claim claim, Supplier<Answer> handle) {
    Answer answer;
    try {
      answer = handle.get();
    } catch (RuntimeException failed) {
      // a problem left unanswered (unavailable), a lost race, a bug: nothing final happened that a
      // retry should see again
      store.release(claim);
      throw failed;
    }
    if (answer.status() >= 500) {
      store.release(claim);
      return answer;
    }
    try {
      store.complete(claim, seal(answer, claim.slot()), claim.claimedAt().plus(WINDOW));
    } catch (SdkException failed) {
      if (!AwsFailures.isTransient(failed)) {
        throw failed;
      }
      // the request is done and must be answered as such (a 503 would say nothing happened); its key
      // stays claimed: a repeat within ABANDONED_AFTER gets 409 in-use, a later one runs again
      LOG.warn("an answer could not be recorded for its idempotency key: {}", failed.toString());
    }
    return answer;
  }

  private Answer recorded(Use use, Slot slot, String requestHash) {
    if (!use.requestHash().equals(requestHash)) {
      throw DomainException.unprocessable("idempotency-key-reused",
          "This Idempotency-Key was used with a different request; use a new key for a new request");
    }
    if (!use.done()) {
      throw stillRunning();
    }
    return open(use.sealedResponse(), slot);
  }

  private static DomainException stillRunning() {
    return DomainException.conflict("idempotency-key-in-use",
        "A request with this Idempotency-Key is still being processed; retry shortly").retryAfter(1);
  }

  /** The answer as JSON, encrypted and bound to its slot, so it cannot be read or replayed elsewhere. */
  private String seal(Answer answer, Slot slot) {
    ObjectNode recorded = JsonTrees.object();
    recorded.put("status", answer.status());
    ObjectNode headers = recorded.putObject("headers");
    answer.headers().forEach(headers::put);
    if (answer.body() != null) {
      recorded.set("body", answer.body());
    }
    return Crypto.base64url(Crypto.seal(sealingKey.bytes(), JsonTrees.bytes(recorded), slot.associatedData()));
  }

  private Answer open(String sealed, Slot slot) {
    try {
      JsonNode recorded = JsonTrees.read(Crypto.open(sealingKey.bytes(), Crypto.fromBase64url(sealed),
          slot.associatedData()));
      Map<String, String> headers = new LinkedHashMap<>();
      recorded.path("headers").fields().forEachRemaining(header -> headers.put(header.getKey(),
          header.getValue().asText()));
      JsonNode body = recorded.hasNonNull("body") ? recorded.get("body") : null;
      return new Answer(recorded.get("status").asInt(), headers, body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a recorded answer is not JSON", e);
    }
  }
}
