package io.usersroles.engines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds a free loopback TCP port (DynamoDB Local rejects {@code -port 0}, so we pick one first). */
public final class FreePort {
  private FreePort() {}

  /** A port that was free a moment ago on 127.0.0.1. */
  public static int find() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
