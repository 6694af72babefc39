package dev.traitlab.data.idx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.TraitlabException;
import dev.traitlab.testing.SyntheticIdx;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path dir;

  @Test
  void readsPlainAndGzippedFilesAlike() throws Exception {
    byte[] data = {0, 1, 2, (byte) 200, (byte) 255, 7};
    SyntheticIdx.write(dir.resolve("a"), new int[] {2, 3}, data, false);
    SyntheticIdx.write(dir.resolve("b.gz"), new int[] {2, 3}, data, true);
    for (String name : new String[] {"a", "b.gz"}) {
      IdxReader.IdxTensor t = IdxReader.read(dir.resolve(name));
      assertArrayEquals(new int[] {2, 3}, t.dims());
      assertEquals(3, t.itemSize());
      assertEquals(255, t.unsigned(4));
      assertEquals(200, t.unsigned(3));
    }
  }

  @Test
  void scalesPixelsToMinusOneOne() throws Exception {
    SyntheticIdx.write(
        dir.resolve("x"), new int[] {1, 1, 3}, new byte[] {0, (byte) 255, (byte) 128}, false);
    SyntheticIdx.write(dir.resolve("y"), new int[] {1}, new byte[] {4}, false);
    ImageClassificationData d = ImageClassificationData.fromIdx(dir.resolve("x"), dir.resolve("y"));
    assertEquals(-1f, d.pixels()[0]);
    assertEquals(1f, d.pixels()[1]);
    assertEquals(128 / 127.5f - 1, d.pixels()[2], 1e-7);
    assertEquals(4, d.labels()[0]);
    assertEquals(3, d.features());
  }

  @Test
  void truncatedFileIsRejectedWithItsName() throws Exception {
    Path file = dir.resolve("short");
    SyntheticIdx.write(file, new int[] {10, 4}, new byte[40], false);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 5));
    TraitlabException e = assertThrows(TraitlabException.class, () -> IdxReader.read(file));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void wrongMagicIsRejected() throws Exception {
    Path file = dir.resolve("bad");
    Files.write(file, new byte[] {0x12, 0x34, 0x08, 0x01, 0, 0, 0, 1, 5});
    TraitlabException e = assertThrows(TraitlabException.class, () -> IdxReader.read(file));
    assertTrue(e.getMessage().contains("not an IDX file"), e.getMessage());
  }

  @Test
  void headerOnlyFileIsTruncated() throws Exception {
    Path file = dir.resolve("tiny");
    Files.write(file, new byte[] {0, 0, 0x08});
    TraitlabException e = assertThrows(TraitlabException.class, () -> IdxReader.read(file));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void mismatchedImageAndLabelCountsAreRejected() throws Exception {
    SyntheticIdx.write(dir.resolve("x"), new int[] {2, 1, 1}, new byte[2], false);
    SyntheticIdx.write(dir.resolve("y"), new int[] {3}, new byte[3], false);
    TraitlabException e =
        assertThrows(
            TraitlabException.class,
            () -> ImageClassificationData.fromIdx(dir.resolve("x"), dir.resolve("y")));
    assertTrue(e.getMessage().contains("2 images but"), e.getMessage());
  }

  @Test
  void missingSplitFileIsNamed() throws Exception {
    SyntheticIdx.imageDataset(dir, 4, 2, 10, 5, 1);
    Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
    TraitlabException e =
        assertThrows(
            TraitlabException.class, () -> ImageClassificationData.readMnistDirectory(dir));
    assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte"), e.getMessage());
  }

  @Test
  void missingFileSaysItIsMissing() {
    Path none = dir.resolve("train-images-idx3-ubyte");
    TraitlabException e = assertThrows(TraitlabException.class, () -> IdxReader.read(none));
    assertEquals("cannot read IDX file " + none + ": no such file or directory", e.getMessage());
  }

  @Test
  void directorySaysItIsADirectory() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("fashion"));
    TraitlabException e = assertThrows(TraitlabException.class, () -> IdxReader.read(sub));
    assertEquals("cannot read IDX file " + sub + ": Is a directory", e.getMessage());
  }
}
