package io.usersroles.functions.priming;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client that never opens a connection: every request is answered {@code 200 {}}, which the
 * SDK reads as an empty result (no items, no message ids). Priming runs the whole SDK pipeline over it
 * (endpoint resolution, signing, marshalling, unmarshalling) without touching AWS or DynamoDB state.
 */
final class CannedHttpClient implements SdkHttpClient {
  private static final byte[] EMPTY_JSON = "{}".getBytes(StandardCharsets.UTF_8);

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() {
        request.contentStreamProvider().ifPresent(body -> drain(body.newStream()));
        return HttpExecuteResponse.builder()
            .response(SdkHttpResponse.builder().statusCode(200)
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("Content-Length", String.valueOf(EMPTY_JSON.length)).build())
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(EMPTY_JSON)))
            .build();
      }

      @Override
      public void abort() {
        // nothing in flight
      }
    };
  }

  private static void drain(InputStream body) {
    try (body) {
      body.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String clientName() {
    return "Priming";
  }

  @Override
  public void close() {
    // holds nothing
  }
}
