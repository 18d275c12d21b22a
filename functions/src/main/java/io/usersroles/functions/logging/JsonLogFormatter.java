package io.usersroles.functions.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.slf4j.MDC;

/**
 * Writes each log record as one JSON object on one line: {@code time}, {@code level},
 * {@code logger}, {@code message}, the SLF4J MDC entries of the logging thread (the request's
 * fields, see {@link RequestLog}) and, for a failure, {@code error} with its stack trace. Jackson's
 * generator does the escaping, so no message can break a line or the object.
 */
public final class JsonLogFormatter extends Formatter {
  /** Non-ASCII escaped too: a line is plain ASCII, so no consumer finds a line break inside (U+2028). */
  private static final JsonFactory JSON = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

  @Override
  public String format(LogRecord record) {
    StringWriter line = new StringWriter(256);
    try (JsonGenerator json = JSON.createGenerator(line)) {
      json.writeStartObject();
      json.writeStringField("time", Instant.ofEpochMilli(record.getMillis()).toString());
      json.writeStringField("level", levelName(record.getLevel()));
      json.writeStringField("logger", record.getLoggerName());
      json.writeStringField("message", formatMessage(record));
      Map<String, String> context = MDC.getCopyOfContextMap();
      if (context != null) {
        for (Map.Entry<String, String> field : new TreeMap<>(context).entrySet()) {
          writeField(json, field.getKey(), field.getValue());
        }
      }
      if (record.getThrown() != null) {
        StringWriter trace = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(trace));
        json.writeObjectFieldStart("error");
        json.writeStringField("type", record.getThrown().getClass().getName());
        json.writeStringField("message", String.valueOf(record.getThrown().getMessage()));
        json.writeStringField("stackTrace", trace.toString());
        json.writeEndObject();
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("a StringWriter does not fail", e);
    }
    return line.append('\n').toString();
  }

  private static void writeField(JsonGenerator json, String name, String value) throws IOException {
    if (RequestLog.isNumeric(name)) {
      try {
        json.writeNumberField(name, Long.parseLong(value));
        return;
      } catch (NumberFormatException notANumber) {
        // written as text below
      }
    }
    json.writeStringField(name, value);
  }

  /** SLF4J's level names (the slf4j-jdk14 binding maps them onto these java.util.logging levels). */
  private static String levelName(Level level) {
    int value = level.intValue();
    if (value >= Level.SEVERE.intValue()) {
      return "ERROR";
    }
    if (value >= Level.WARNING.intValue()) {
      return "WARN";
    }
    if (value >= Level.INFO.intValue()) {
      return "INFO";
    }
    return value >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
  }
}
