package dev.traitlab.core;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Why a file operation failed, in words: the JDK's file exceptions often carry nothing but the path
 * as their message ("cannot create /etc/passwd: /etc/passwd"), their class being the reason.
 */
public final class FileErrors {
  private FileErrors() {}

  /**
   * The reason {@code e} gives for {@code path}: "/etc/passwd exists and is not a directory",
   * "permission denied", "Not a directory" (the system's own reason, with the path it concerns when
   * that is another one), or the exception's class in words ("file system loop").
   */
  public static String reason(Path path, IOException e) {
    String file = e instanceof FileSystemException f ? f.getFile() : null;
    String other = file == null || file.equals(path.toString()) ? "" : " (" + file + ")";
    if (e instanceof FileAlreadyExistsException) {
      return (file == null ? path.toString() : file) + " exists and is not a directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied" + other;
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory" + other;
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason() + other;
    }
    String message = e.getMessage();
    if (message != null && !message.isBlank() && !message.equals(file)) {
      return message;
    }
    return (e.getClass() == IOException.class
            ? "input/output error"
            : inWords(e.getClass().getSimpleName()))
        + other;
  }

  /** "FileSystemLoopException" as "file system loop". */
  static String inWords(String className) {
    String name = className.replaceFirst("Exception$", "");
    return name.replaceAll("(?<=[a-z0-9])(?=[A-Z])", " ").toLowerCase(Locale.ROOT);
  }
}
