package dev.traitlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileErrorsTest {
  @TempDir Path tmp;

  @Test
  void aFileWhereADirectoryShouldBeIsNamed() throws IOException {
    Path file = Files.writeString(tmp.resolve("runs"), "x");
    IOException e = assertThrows(IOException.class, () -> Files.createDirectories(file));
    assertEquals(file + " exists and is not a directory", FileErrors.reason(file, e));
    // below a file: the system's reason
    Path below = file.resolve("sub");
    e = assertThrows(IOException.class, () -> Files.createDirectories(below));
    assertEquals("Not a directory", FileErrors.reason(below, e));
  }

  @Test
  void theReasonNamesAnotherPathThanTheOneAskedFor() {
    Path asked = Path.of("/a/b/c");
    assertEquals(
        "Operation not permitted (/a)",
        FileErrors.reason(asked, new FileSystemException("/a", null, "Operation not permitted")));
    assertEquals(
        "permission denied", FileErrors.reason(asked, new AccessDeniedException("/a/b/c")));
  }

  @Test
  void anExceptionWithOnlyThePathIsItsClassInWords() {
    Path asked = Path.of("/a/b");
    assertEquals("file system loop", FileErrors.reason(asked, new FileSystemLoopException("/a/b")));
    assertEquals("disk full", FileErrors.reason(asked, new IOException("disk full")));
    assertEquals("input/output error", FileErrors.reason(asked, new IOException()));
  }
}
