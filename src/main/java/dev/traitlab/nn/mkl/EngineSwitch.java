package dev.traitlab.nn.mkl;

import dev.traitlab.core.TraitlabException;

/**
 * The system properties that choose between traitlab's MKL-backed engines and DJL autograd ({@code
 * -Dtraitlab.trainer}, {@code -Dtraitlab.decoder}, {@code -Dtraitlab.mlp}, passed to {@code
 * ./traitlab} through {@code TRAITLAB_JAVA_OPTS}): {@code auto} (the default: MKL where it is
 * found), {@code mkl} (required) or {@code djl}. Anything else is refused, so that a mistyped
 * switch cannot leave a comparison of the two engines running one of them twice.
 */
public final class EngineSwitch {
  private EngineSwitch() {}

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
      default ->
          throw new TraitlabException(
              "-D" + property + "=" + choice + ": expected auto, mkl or djl");
    };
  }
}
