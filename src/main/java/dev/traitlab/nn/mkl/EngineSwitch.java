package dev.traitlab.nn.mkl;

import dev.traitlab.core.TraitlabException;
import java.util.List;

/**
 * The system properties that choose between traitlab's MKL-backed engines and DJL autograd ({@code
 * -Dtraitlab.trainer}, {@code -Dtraitlab.decoder}, {@code -Dtraitlab.mlp}, passed to {@code
 * ./traitlab} through {@code TRAITLAB_JAVA_OPTS}): {@code auto} (the default: MKL where it is
 * found), {@code mkl} (required) or {@code djl}. Anything else is refused, so that a mistyped
 * switch cannot leave a comparison of the two engines running one of them twice.
 */
public final class EngineSwitch {
  /** Every engine switch: full-parameter training, sampling, subliminal-mlp's stacked MLPs. */
  public static final List<String> PROPERTIES =
      List.of("traitlab.trainer", "traitlab.decoder", "traitlab.mlp");

  private EngineSwitch() {}

  /**
   * Checks every switch's value without loading any engine, so that a mistyped value is refused
   * before a run is recorded.
   *
   * @throws IllegalArgumentException naming the first switch whose value is not auto, mkl or djl
   */
  public static void checkChoices() {
    for (String property : PROPERTIES) {
      String choice = System.getProperty(property, "auto");
      if (!List.of("auto", "mkl", "djl").contains(choice)) {
        throw new IllegalArgumentException(refusal(property, choice));
      }
    }
  }

  private static String refusal(String property, String choice) {
    return "-D" + property + "=" + choice + ": expected auto, mkl or djl";
  }

  /**
   * Whether the MKL engine runs for {@code property}.
   *
   * @throws TraitlabException when the value is not auto, mkl or djl, or is mkl without MKL
   */
  public static boolean useMkl(String property) {
    String choice = System.getProperty(property, "auto");
    return switch (choice) {
      case "djl" -> false;
      case "auto" -> MklGemm.available();
      case "mkl" -> {
        if (!MklGemm.available()) {
          throw new TraitlabException(
              "-D" + property + "=mkl: MKL's SGEMM was not found in libtorch");
        }
        yield true;
      }
      default -> throw new TraitlabException(refusal(property, choice));
    };
  }
}
