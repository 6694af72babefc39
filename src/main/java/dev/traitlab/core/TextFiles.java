package dev.traitlab.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The one way traitlab reads a text file a user gives it (task files, CSV, YAML, JSONL, model
 * configs, uploads): strictly as UTF-8, a leading byte-order mark dropped. A file that is not UTF-8
 * is refused with where its first bad byte is, instead of a decoder's "Input length = 1".
 */
public final class TextFiles {
  private static final char BOM = '\uFEFF';

  private TextFiles() {}

  /**
   * The whole file as text.
   *
   * @throws TraitlabException when the file is missing, unreadable or not UTF-8 (with the line and
   *     byte offset of the first bad byte)
   */
  public static String read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new TraitlabException("cannot read " + file + ": " + FileErrors.reason(file, e), e);
    }
    return decode(bytes, file.toString());
  }

  /**
   * Bytes as UTF-8 text, a leading byte-order mark dropped; {@code where} names them in the error
   * (a file name, an upload).
   *
   * @throws TraitlabException when they are not UTF-8
   */
  public static String decode(byte[] bytes, String where) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    // UTF-8 never takes fewer bytes than UTF-16 chars.
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw notUtf8(where, bytes, in.position());
    }
    out.flip();
    if (out.hasRemaining() && out.get(0) == BOM) {
      out.position(1);
    }
    return out.toString();
  }

  private static TraitlabException notUtf8(String where, byte[] bytes, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (bytes[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new TraitlabException(
        String.format(
            Locale.ROOT,
            "%s: not UTF-8: byte 0x%02X at line %d, byte offset %d (byte %d of the line); save it"
                + " as UTF-8",
            where,
            offset < bytes.length ? bytes[offset] & 0xff : 0,
            line,
            offset,
            offset - lineStart + 1));
  }
}
