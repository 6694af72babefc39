package dev.traitlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvenanceTest {
  @Test
  void theLibrariesThatShapeResultsAreNamedWithTheirVersions() {
    Map<String, String> versions = Provenance.libraries();
    // The versions the pom pins (DESIGN.md): DJL 0.35.0 with PyTorch 2.7.1.
    assertEquals("0.35.0", versions.get("djl"), versions.toString());
    assertEquals("0.35.0", versions.get("pytorch-engine"), versions.toString());
    assertEquals("2.7.1", versions.get("pytorch"), versions.toString());
    assertTrue(versions.get("java").startsWith(Integer.toString(Runtime.version().feature())));
  }
}
