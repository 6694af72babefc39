package dev.traitlab.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers of the README's "Layout": a package imports only packages of lower layers (never a
 * sibling of its own layer), and an experiment never imports another experiment.
 */
class LayersTest {
  static final Map<String, Integer> LAYER =
      Map.ofEntries(
          Map.entry("cli", 9),
          Map.entry("experiments", 8),
          Map.entry("lab", 7),
          Map.entry("eval", 6),
          Map.entry("rl", 5),
          Map.entry("probes", 5),
          Map.entry("lowprob", 5),
          Map.entry("serve", 5),
          Map.entry("model", 4),
          Map.entry("nn", 3),
          Map.entry("text", 3),
          Map.entry("data", 2),
          Map.entry("report", 2),
          Map.entry("stats", 1),
          Map.entry("core", 0));

  private static final Pattern IMPORT =
      Pattern.compile(
          "^import (?:static )?dev\\.traitlab\\.([a-z]+)(?:\\.([a-z0-9]+))?", Pattern.MULTILINE);
  private static final Path SOURCES = Path.of("src/main/java/dev/traitlab");

  @Test
  void everyPackageImportsOnlyLowerLayers() throws IOException {
    List<String> violations = new ArrayList<>();
    int files = 0;
    try (Stream<Path> walk = Files.walk(SOURCES)) {
      for (Path file : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
        files++;
        Path relative = SOURCES.relativize(file);
        String top = relative.getName(0).toString();
        String sub = relative.getNameCount() > 2 ? relative.getName(1).toString() : "";
        Integer own = LAYER.get(top);
        assertTrue(
            own != null, "package " + top + " has no layer in LayersTest: add it to the map");
        Matcher m = IMPORT.matcher(Files.readString(file));
        while (m.find()) {
          String target = m.group(1);
          if (target.equals(top)) {
            if (top.equals("experiments") && !sub.isEmpty() && !sub.equals(m.group(2))) {
              violations.add(relative + " imports experiments." + m.group(2));
            }
            continue;
          }
          Integer layer = LAYER.get(target);
          if (layer == null || layer >= own) {
            violations.add(relative + " imports " + target);
          }
        }
      }
    }
    assertTrue(files > 100, "read only " + files + " files from " + SOURCES.toAbsolutePath());
    assertEquals(List.of(), violations);
  }
}
