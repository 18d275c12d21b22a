package io.usersroles.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The folder that keeps the local server's state across restarts: DynamoDB Local's database, the
 * local issuer's signing key, the server secret that invitation links are derived from, and how far
 * the domain clock has been moved. One server at a time may use a folder (a file lock says so).
 */
final class LocalDataFolder implements AutoCloseable {
  private static final int SECRET_BYTES = 32;

  private final Path root;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private LocalDataFolder(Path root, FileChannel lockChannel, FileLock lock) {
    this.root = root;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** Opens (creating it if needed) and locks the folder; fails when another server holds it. */
  static LocalDataFolder open(Path root) {
    Path absolute = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(absolute);
      FileChannel channel = FileChannel.open(absolute.resolve("server.lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException heldHere) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new IllegalStateException("Another local server is using " + absolute
            + ": stop it, or start this one with --data <another folder>");
      }
      return new LocalDataFolder(absolute, channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the local data folder " + absolute, e);
    }
  }

  Path root() {
    return root;
  }

  Path dynamoDb() {
    return root.resolve("dynamodb");
  }

  Path identityProvider() {
    return root.resolve("identity");
  }

  /** The server secret, generated (256 random bits) on first start and kept readable by the owner only. */
  byte[] serverSecret() {
    Path file = root.resolve("server-secret");
    try {
      if (!Files.exists(file)) {
        byte[] secret = new byte[SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        writeAtomically(file, Base64.getEncoder().encodeToString(secret));
        restrictToOwner(file);
      }
      return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(file + " is not base64: delete it to have a new secret generated "
          + "(invitation links sent so far stop working)", e);
    }
  }

  /** How far ahead of real time the domain clock was moved, zero at first start. */
  Duration clockOffset() {
    Path file = root.resolve("clock-offset");
    try {
      if (!Files.exists(file)) {
        return Duration.ZERO;
      }
      Duration offset = Duration.parse(Files.readString(file, StandardCharsets.UTF_8).strip());
      return offset.isNegative() ? Duration.ZERO : offset;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (DateTimeParseException e) {
      throw new IllegalStateException(file + " does not hold an ISO-8601 duration: delete it to reset the clock", e);
    }
  }

  void saveClockOffset(Duration offset) {
    try {
      writeAtomically(root.resolve("clock-offset"), offset.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the clock offset in " + root, e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the lock on " + root, e);
    }
  }

  private static void writeAtomically(Path file, String content) throws IOException {
    Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    Files.writeString(temporary, content, StandardCharsets.UTF_8);
    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void restrictToOwner(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the folder's own ACL applies
    }
  }
}
