package dev.traitlab.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** Where a result came from: traitlab's version and git commit, library versions, the JVM. */
public final class Provenance {
  private Provenance() {}

  /** traitlab's installation directory (set by the launcher), else the working directory. */
  public static Path home() {
    return Path.of(System.getProperty("traitlab.home", "."));
  }

  public static String traitlabVersion() {
    return libraryVersion("dev.traitlab", "traitlab");
  }

  /** The git commit of the working tree traitlab runs from, with "-dirty" when it has changes. */
  public static String gitCommit() {
    try {
      String head = run("git", "rev-parse", "HEAD");
      if (head.isEmpty()) {
        return "unknown";
      }
      String status = run("git", "status", "--porcelain", "--untracked-files=no");
      return status.isEmpty() ? head : head + "-dirty";
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Versions of the libraries that shape results. */
  public static Map<String, String> libraries() {
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("traitlab", traitlabVersion());
    versions.put("java", Runtime.version().toString());
    // DJL's jars carry no Maven pom.properties; they name their versions in resources of their own.
    versions.put("djl", resourceProperty("ai/djl/engine/api.properties", "djl_version"));
    versions.put("pytorch-engine", resourceProperty("pytorch-engine.properties", "djl_version"));
    versions.put("pytorch", resourceProperty("pytorch-engine.properties", "pytorch_version"));
    versions.put("sqlite-jdbc", libraryVersion("org.xerial", "sqlite-jdbc"));
    versions.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    versions.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
    versions.put("mkl-dispatch", mklDispatch(System.getenv("LD_PRELOAD")));
    return versions;
  }

  /** The file name of the shim that lets MKL dispatch by instruction set (scripts/env.sh). */
  static final String MKL_SHIM = "libtraitlab-mkl-intel-cpu.so";

  /**
   * How MKL chose its code path in this process, from the preloaded libraries: by instruction set
   * when traitlab's shim ({@code src/main/c/mkl_intel_cpu.c}) is preloaded, else by MKL's own rule
   * (on a non-Intel processor its generic path). The last bits of products differ between the two.
   */
  static String mklDispatch(String preload) {
    if (preload != null) {
      for (String lib : preload.split("[: ]")) {
        if (lib.endsWith("/" + MKL_SHIM) || lib.equals(MKL_SHIM)) {
          return "instruction set (traitlab's MKL shim preloaded)";
        }
      }
    }
    return "MKL's own (by processor vendor)";
  }

  /** A property of a properties file on the class path, "unknown" when either is missing. */
  private static String resourceProperty(String resource, String key) {
    try (InputStream in = Provenance.class.getClassLoader().getResourceAsStream(resource)) {
      if (in != null) {
        Properties props = new Properties();
        props.load(in);
        return props.getProperty(key, "unknown");
      }
    } catch (IOException e) {
      // unknown below
    }
    return "unknown";
  }

  private static String libraryVersion(String group, String artifact) {
    String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    try (InputStream in = Provenance.class.getResourceAsStream(resource)) {
      if (in != null) {
        Properties props = new Properties();
        props.load(in);
        return props.getProperty("version", "unknown");
      }
    } catch (IOException e) {
      // fall through: an unreadable manifest is the same as none
    }
    return "dev.traitlab".equals(group) ? devVersion() : "unknown";
  }

  private static String devVersion() {
    // Running from target/classes: the version is in pom.xml next to it.
    Path pom = home().resolve("pom.xml");
    try {
      if (Files.exists(pom)) {
        String text = Files.readString(pom);
        int start = text.indexOf("<version>", text.indexOf("<artifactId>traitlab</artifactId>"));
        int end = text.indexOf("</version>", start);
        if (start >= 0 && end > start) {
          return text.substring(start + "<version>".length(), end).trim();
        }
      }
    } catch (IOException e) {
      // unknown below
    }
    return "unknown";
  }

  private static String run(String... command) throws IOException {
    Process process =
        new ProcessBuilder(command).directory(home().toFile()).redirectErrorStream(true).start();
    try {
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return "";
      }
      return new String(out, StandardCharsets.UTF_8).trim();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
