package dev.traitlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigValuesTest {

  @Test
  void listsAreReadAsNumbersAndBadOnesNameTheirOption() {
    assertEquals(List.of(1e-3, 0.5), ConfigValues.numbers("epsilons", List.of("1e-3", " 0.5")));
    assertEquals(List.of(2, 8), ConfigValues.integers("dimensions", List.of("2", "8")));
    IllegalArgumentException notNumber =
        assertThrows(
            IllegalArgumentException.class, () -> ConfigValues.numbers("epsilons", List.of("x")));
    assertTrue(notNumber.getMessage().startsWith("--epsilons"), notNumber.getMessage());
    IllegalArgumentException empty =
        assertThrows(
            IllegalArgumentException.class, () -> ConfigValues.integers("dimensions", List.of()));
    assertTrue(empty.getMessage().startsWith("--dimensions"), empty.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ConfigValues.integers("d", List.of("2.5")));
    assertEquals(
        "--widths: an empty item",
        assertThrows(
                IllegalArgumentException.class,
                () -> ConfigValues.integers("widths", List.of("4", "", "16")))
            .getMessage());
  }

  @Test
  void boundsAreCheckedWithTheOptionInTheMessage() {
    ConfigValues.atLeast("rounds", 2, 2);
    ConfigValues.probability("eps", 0.3);
    ConfigValues.positive("scale", 1e-9);
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> ConfigValues.atLeast("rounds", 1, 2))
            .getMessage()
            .contains("--rounds must be >= 2"));
    assertThrows(IllegalArgumentException.class, () -> ConfigValues.probability("eps", 1));
    assertThrows(IllegalArgumentException.class, () -> ConfigValues.probability("eps", 0));
    assertThrows(IllegalArgumentException.class, () -> ConfigValues.positive("s", Double.NaN));
  }
}
