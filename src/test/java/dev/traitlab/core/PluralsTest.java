package dev.traitlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PluralsTest {

  @Test
  void onlyExactlyOneIsSingular() {
    assertEquals("1 seed", Plurals.count(1, "seed"));
    assertEquals("0 seeds", Plurals.count(0, "seed"));
    assertEquals("3 seeds", Plurals.count(3, "seed"));
    assertEquals("-1 seeds", Plurals.count(-1, "seed"));
  }
}
