package dev.traitlab.nn.mkl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.traitlab.core.TraitlabException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EngineSwitchTest {
  private static final String PROPERTY = "traitlab.test-engine";

  @AfterEach
  void clear() {
    System.clearProperty(PROPERTY);
    EngineSwitch.PROPERTIES.forEach(System::clearProperty);
  }

  @Test
  void autoIsTheDefaultAndFollowsMkl() {
    assertEquals(MklGemm.available(), EngineSwitch.useMkl(PROPERTY));
    System.setProperty(PROPERTY, "auto");
    assertEquals(MklGemm.available(), EngineSwitch.useMkl(PROPERTY));
  }

  @Test
  void djlSwitchesMklOff() {
    System.setProperty(PROPERTY, "djl");
    assertFalse(EngineSwitch.useMkl(PROPERTY));
  }

  @Test
  void aMistypedValueIsRefusedInOneLine() {
    for (String bad : new String[] {"DJL", "bogus", ""}) {
      System.setProperty(PROPERTY, bad);
      TraitlabException e =
          assertThrows(TraitlabException.class, () -> EngineSwitch.useMkl(PROPERTY));
      assertEquals("-D" + PROPERTY + "=" + bad + ": expected auto, mkl or djl", e.getMessage());
    }
  }

  @Test
  void everySwitchIsCheckedBeforeAnyEngineLoads() {
    EngineSwitch.checkChoices();
    for (String property : EngineSwitch.PROPERTIES) {
      for (String good : new String[] {"auto", "mkl", "djl"}) {
        System.setProperty(property, good);
        EngineSwitch.checkChoices();
      }
      System.setProperty(property, "Mkl");
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, EngineSwitch::checkChoices);
      assertEquals("-D" + property + "=Mkl: expected auto, mkl or djl", e.getMessage());
      System.clearProperty(property);
    }
  }
}
