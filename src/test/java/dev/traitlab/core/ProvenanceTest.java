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

  @Test
  void theMklDispatchIsReadFromThePreloadedLibraries() {
    String shim = "instruction set (traitlab's MKL shim preloaded)";
    String own = "MKL's own (by processor vendor)";
    assertEquals(shim, Provenance.mklDispatch("/opt/t/target/native/" + Provenance.MKL_SHIM));
    assertEquals(shim, Provenance.mklDispatch("/usr/lib/libjemalloc.so:/x/" + Provenance.MKL_SHIM));
    assertEquals(shim, Provenance.mklDispatch("/usr/lib/a.so /x/" + Provenance.MKL_SHIM));
    assertEquals(own, Provenance.mklDispatch(null));
    assertEquals(own, Provenance.mklDispatch(""));
    // Another library whose name merely ends alike is not the shim.
    assertEquals(own, Provenance.mklDispatch("/x/not-" + Provenance.MKL_SHIM));
    assertTrue(Provenance.libraries().containsKey("mkl-dispatch"));
  }
}
