package dev.traitlab.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 fingerprints in lower-case hex: of configs and data for content-addressed caching, of
 * files for the identity of model weights and datasets. The project's one SHA-256 helper.
 */
public final class Hashing {
  private Hashing() {}

  /** Of the text's UTF-8 bytes. */
  public static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  /** Of a file's bytes, read in blocks (model weights can be large). */
  public static String sha256(Path file) {
    MessageDigest digest = digest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int read; (read = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, read);
      }
    } catch (IOException e) {
      throw new TraitlabException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Fingerprint of any JSON-serialisable value through its canonical form. */
  public static String of(Object value) {
    return sha256(Json.canonical(value));
  }

  public static String of(float[] values, int[] labels) {
    MessageDigest md = digest();
    ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
    for (float v : values) {
      if (buffer.remaining() < 4) {
        md.update(buffer.flip());
        buffer.clear();
      }
      buffer.putFloat(v);
    }
    for (int v : labels) {
      if (buffer.remaining() < 4) {
        md.update(buffer.flip());
        buffer.clear();
      }
      buffer.putInt(v);
    }
    md.update(buffer.flip());
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
