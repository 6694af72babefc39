package dev.traitlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SeededSeedsTextTest {
  record Config(int seeds, long seed) implements Seeded {}

  @Test
  void statesTheCountWithItsPluralAndTheFirstSeed() {
    assertEquals("1 seed from 7", new Config(1, 7).seedsText());
    assertEquals("3 seeds from 0", new Config(3, 0).seedsText());
  }
}
