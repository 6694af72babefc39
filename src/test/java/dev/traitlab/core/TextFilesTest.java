package dev.traitlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextFilesTest {
  @TempDir Path dir;

  @Test
  void readsUtf8AndDropsAByteOrderMark() throws Exception {
    Path f = dir.resolve("ok.txt");
    Files.write(f, "\uFEFFcafé\nnaïve ✓ 🦉\n".getBytes(StandardCharsets.UTF_8));
    assertEquals("café\nnaïve ✓ 🦉\n", TextFiles.read(f));
  }

  @Test
  void latin1ByteIsRefusedWithLineAndByteOffset() throws Exception {
    Path f = dir.resolve("latin1.csv");
    // "ab\ncd\nx" then é in ISO-8859-1: byte 0xE9 at offset 7, the second byte of line 3.
    Files.write(f, new byte[] {'a', 'b', '\n', 'c', 'd', '\n', 'x', (byte) 0xE9, 'y', '\n'});
    TraitlabException e = assertThrows(TraitlabException.class, () -> TextFiles.read(f));
    assertEquals(
        f
            + ": not UTF-8: byte 0xE9 at line 3, byte offset 7 (byte 2 of the line); save it as"
            + " UTF-8",
        e.getMessage());
  }

  @Test
  void truncatedSequenceAtTheEndIsRefused() {
    byte[] bytes = {'o', 'k', (byte) 0xE2, (byte) 0x9C};
    TraitlabException e =
        assertThrows(TraitlabException.class, () -> TextFiles.decode(bytes, "upload"));
    assertTrue(e.getMessage().startsWith("upload: not UTF-8: byte 0xE2 at line 1, byte offset 2"));
  }

  @Test
  void missingFileSaysSo() {
    TraitlabException e =
        assertThrows(TraitlabException.class, () -> TextFiles.read(dir.resolve("none.json")));
    assertEquals(
        "cannot read " + dir.resolve("none.json") + ": no such file or directory", e.getMessage());
  }

  @Test
  void directorySaysItIsADirectory() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("tasks"));
    TraitlabException e = assertThrows(TraitlabException.class, () -> TextFiles.read(sub));
    assertEquals("cannot read " + sub + ": Is a directory", e.getMessage());
  }

  @Test
  void jsonTreeKeepsKeyOrderAndNamesTheLineOfBadJson() throws Exception {
    Path good = dir.resolve("good.json");
    Files.writeString(good, "{\"b\": 1, \"a\": 2}");
    assertEquals("[b, a]", iterableText(Json.readTree(good).fieldNames()));
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\n\"a\": 1,\n}");
    TraitlabException e = assertThrows(TraitlabException.class, () -> Json.readTree(bad));
    assertTrue(e.getMessage().startsWith(bad + ": bad JSON at line 3: "), e.getMessage());
  }

  private static String iterableText(java.util.Iterator<String> it) {
    java.util.List<String> out = new java.util.ArrayList<>();
    it.forEachRemaining(out::add);
    return out.toString();
  }
}
