package dev.traitlab.experiments.rareoutputs;

import java.util.Map;

/**
 * The temperatures of ITGIS and MHIS: the values Wu and Hilton recommend for their 1-, 2- and
 * 4-layer models and each distribution (lpe/method_utils.py, RECOMMENDED_TEMPS), taken for the
 * model with the nearest layer count and the paper distribution nearest in kind (numbers: their
 * "indent", code). Not re-tuned for these smaller models.
 */
final class Temperatures {
  private static final Map<String, String> PAPER_NAME =
      Map.of(
          "hex", "hex", "camel", "camel", "caps", "caps", "english", "english", "numbers",
          "indent");

  private static final Map<Integer, Map<String, double[]>> TABLE =
      Map.of(
          1,
          Map.of(
              "hex", new double[] {1.0, 0.67},
              "camel", new double[] {1.0, 2.24},
              "indent", new double[] {1.0, 1.0},
              "caps", new double[] {1.5, 3.34},
              "english", new double[] {0.45, 1.5}),
          2,
          Map.of(
              "hex", new double[] {1.5, 0.67},
              "camel", new double[] {1.5, 2.24},
              "indent", new double[] {1.0, 1.5},
              "caps", new double[] {0.45, 1.5},
              "english", new double[] {0.67, 2.24}),
          4,
          Map.of(
              "hex", new double[] {5.0, 0.67},
              "camel", new double[] {1.0, 2.24},
              "indent", new double[] {0.67, 1.0},
              "caps", new double[] {0.67, 1.0},
              "english", new double[] {0.45, 1.5}));

  private Temperatures() {}

  /** The paper's distribution used for a distribution of this experiment. */
  static String paperName(String distribution) {
    return PAPER_NAME.get(distribution);
  }

  /** The paper model (1, 2 or 4 layers) nearest to {@code layers}. */
  static int paperLayers(int layers) {
    return layers <= 1 ? 1 : layers <= 3 ? 2 : 4;
  }

  static double itgis(int layers, String distribution) {
    return TABLE.get(paperLayers(layers)).get(paperName(distribution))[0];
  }

  static double mhis(int layers, String distribution) {
    return TABLE.get(paperLayers(layers)).get(paperName(distribution))[1];
  }
}
