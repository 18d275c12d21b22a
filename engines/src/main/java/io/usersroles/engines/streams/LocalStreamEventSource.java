package io.usersroles.engines.streams;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.usersroles.engines.gateway.LocalLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * What Lambda's event source mapping does for a DynamoDB stream, on DynamoDB Local: reads the table's
 * stream shard by shard (a child shard after its parent), keeps the records the mapping's filter
 * passes, hands them to the function in the event shape Lambda sends ({@code Records}, each with
 * {@code dynamodb.NewImage} in DynamoDB's JSON form), and reads {@code batchItemFailures} back: the
 * batch is retried from the first failed record, up to {@code maxRetries} times, then given up (as the
 * deployed mapping sends it to its failure destination). A function that throws is retried the same
 * way. {@link #poll()} processes everything the stream holds now; {@link #start} polls in the
 * background.
 */
public final class LocalStreamEventSource implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalStreamEventSource.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where reading starts in the shards that exist when the source starts (later shards: their start). */
  public enum StartingPosition { TRIM_HORIZON, LATEST }

  /** How the mapping is configured, as in the template's event source. */
  public record Mapping(String functionName, int batchSize, int maxRetries, Duration timeout,
      Predicate<JsonNode> filter) {}

  /** A batch the function did not take after every retry, with the sequence numbers left. */
  public record GivenUp(String shardId, List<String> sequenceNumbers) {}

  private final DynamoDbStreamsClient streams;
  private final String streamArn;
  private final Mapping mapping;
  private final RequestStreamHandler function;
  private final Map<String, String> iterators = new LinkedHashMap<>();
  private final Set<String> finished = new HashSet<>();
  private final Set<String> known = new HashSet<>();
  private final List<GivenUp> givenUp = new ArrayList<>();
  private volatile Thread poller;
  private volatile boolean closed;

  private LocalStreamEventSource(DynamoDbStreamsClient streams, String streamArn, Mapping mapping,
      RequestStreamHandler function, StartingPosition position) {
    this.streams = streams;
    this.streamArn = streamArn;
    this.mapping = mapping;
    this.function = function;
    for (Shard shard : shards()) {
      known.add(shard.shardId());
      if (position == StartingPosition.LATEST) {
        if (shard.sequenceNumberRange().endingSequenceNumber() != null) {
          finished.add(shard.shardId()); // closed before we started: nothing of it is "latest"
        } else {
          iterators.put(shard.shardId(), iterator(shard.shardId(), ShardIteratorType.LATEST));
        }
      }
    }
  }

  /** A source on the stream {@code streamArn} (nothing is read until {@link #poll} or {@link #start}). */
  public static LocalStreamEventSource of(DynamoDbStreamsClient streams, String streamArn, Mapping mapping,
      RequestStreamHandler function, StartingPosition position) {
    return new LocalStreamEventSource(streams, streamArn, mapping, function, position);
  }

  /** A source on the stream of {@code table} (which must have one). */
  public static LocalStreamEventSource forTable(DynamoDbClient dynamoDb, DynamoDbStreamsClient streams, String table,
      Mapping mapping, RequestStreamHandler function, StartingPosition position) {
    String arn = dynamoDb.describeTable(r -> r.tableName(table)).table().latestStreamArn();
    if (arn == null) {
      throw new IllegalStateException("table " + table + " has no stream");
    }
    return of(streams, arn, mapping, function, position);
  }

  /** Polls every {@code interval} on a daemon thread until closed. */
  public LocalStreamEventSource start(Duration interval) {
    Thread thread = new Thread(() -> {
      while (!closed) {
        try {
          poll();
          Thread.sleep(interval.toMillis());
        } catch (InterruptedException stop) {
          return;
        } catch (RuntimeException failed) {
          if (!closed) {
            LOG.warn("reading the stream of {} failed; trying again", mapping.functionName(), failed);
          }
        }
      }
    }, "stream-" + mapping.functionName());
    thread.setDaemon(true);
    poller = thread;
    thread.start();
    return this;
  }

  /**
   * Reads every shard to its current end and invokes the function on what it finds; returns how many
   * records the function was given (retries not counted).
   */
  public synchronized int poll() {
    discoverShards();
    int delivered = 0;
    boolean progress = true;
    while (progress) {
      progress = false;
      for (String shardId : List.copyOf(iterators.keySet())) {
        String iterator = iterators.get(shardId);
        GetRecordsResponse page = streams.getRecords(r -> r.shardIterator(iterator).limit(1000));
        List<Record> records = page.records();
        for (int from = 0; from < records.size(); from += mapping.batchSize()) {
          List<Record> batch = records.subList(from, Math.min(records.size(), from + mapping.batchSize()));
          List<ObjectNode> events = new ArrayList<>();
          for (Record record : batch) {
            ObjectNode event = StreamRecords.lambdaRecord(record, streamArn);
            if (mapping.filter().test(event)) {
              events.add(event);
            }
          }
          if (!events.isEmpty()) {
            deliver(shardId, events);
            delivered += events.size();
          }
        }
        if (page.nextShardIterator() == null) {
          iterators.remove(shardId);
          finished.add(shardId);
          progress = true; // a child shard may start now
        } else {
          iterators.put(shardId, page.nextShardIterator());
          progress |= !records.isEmpty();
        }
      }
      progress |= discoverShards();
    }
    return delivered;
  }

  /** Batches given up so far. */
  public synchronized List<GivenUp> givenUp() {
    return List.copyOf(givenUp);
  }

  @Override
  public void close() {
    closed = true;
    Thread thread = poller;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(Duration.ofSeconds(5).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void deliver(String shardId, List<ObjectNode> records) {
    List<ObjectNode> pending = records;
    for (int attempt = 0; ; attempt++) {
      int firstFailed = invoke(pending);
      if (firstFailed < 0) {
        return;
      }
      pending = pending.subList(firstFailed, pending.size());
      if (attempt == mapping.maxRetries()) {
        List<String> sequenceNumbers = pending.stream()
            .map(r -> r.path("dynamodb").path("SequenceNumber").asText()).toList();
        LOG.error("{} did not take {} stream records after {} retries; giving them up: {}",
            mapping.functionName(), pending.size(), mapping.maxRetries(), sequenceNumbers);
        givenUp.add(new GivenUp(shardId, sequenceNumbers));
        return;
      }
      try {
        Thread.sleep(Math.min(1_000L, 50L << Math.min(attempt, 4)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Invokes the function on {@code records}; the position of the first it reported failed, or -1. */
  private int invoke(List<ObjectNode> records) {
    ObjectNode event = JSON.createObjectNode();
    ArrayNode array = event.putArray("Records");
    records.forEach(array::add);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      function.handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), out,
          new LocalLambdaContext(UUID.randomUUID().toString(), mapping.functionName(), mapping.timeout()));
    } catch (IOException | RuntimeException failed) {
      LOG.warn("{} failed on a batch of {} stream records", mapping.functionName(), records.size(), failed);
      return 0;
    }
    Set<String> failed = new HashSet<>();
    try {
      JsonNode answer = out.size() == 0 ? JSON.createObjectNode() : JSON.readTree(out.toByteArray());
      answer.path("batchItemFailures").forEach(f -> failed.add(f.path("itemIdentifier").asText()));
    } catch (IOException notJson) {
      LOG.warn("{} answered a stream batch with something that is not JSON", mapping.functionName());
      return 0;
    }
    for (int i = 0; i < records.size(); i++) {
      if (failed.contains(records.get(i).path("dynamodb").path("SequenceNumber").asText())) {
        return i;
      }
    }
    return -1;
  }

  /** Starts reading shards whose parent is read to its end; true when one started. */
  private boolean discoverShards() {
    boolean started = false;
    for (Shard shard : shards()) {
      String id = shard.shardId();
      known.add(id);
      if (finished.contains(id) || iterators.containsKey(id)) {
        continue;
      }
      String parent = shard.parentShardId();
      if (parent != null && known.contains(parent) && !finished.contains(parent)) {
        continue; // after its parent (a parent the stream no longer lists has been trimmed away)
      }
      iterators.put(id, iterator(id, ShardIteratorType.TRIM_HORIZON));
      started = true;
    }
    return started;
  }

  private List<Shard> shards() {
    List<Shard> shards = new ArrayList<>();
    String after = null;
    do {
      String start = after;
      StreamDescription description = streams.describeStream(r -> r.streamArn(streamArn)
          .exclusiveStartShardId(start)).streamDescription();
      shards.addAll(description.shards());
      after = description.lastEvaluatedShardId();
    } while (after != null);
    return shards;
  }

  private String iterator(String shardId, ShardIteratorType type) {
    return streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shardId).shardIteratorType(type))
        .shardIterator();
  }
}
