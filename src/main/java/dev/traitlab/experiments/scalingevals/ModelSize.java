package dev.traitlab.experiments.scalingevals;

/**
 * One member of the family, written WIDTHxLAYERS ("64x2"): hidden width (a multiple of 16; heads of
 * 16 dimensions, MLP width 3 x width) and layers.
 */
record ModelSize(int width, int layers) {
  static final int HEAD_DIM = 16;

  ModelSize {
    if (width < HEAD_DIM || width % HEAD_DIM != 0 || width > 1024) {
      throw new IllegalArgumentException(
          "--sizes: width must be a multiple of " + HEAD_DIM + " from 16 to 1024, got " + width);
    }
    if (layers < 1 || layers > 24) {
      throw new IllegalArgumentException("--sizes: layers must be 1 to 24, got " + layers);
    }
  }

  static ModelSize parse(String text) {
    String[] parts = text.strip().split("x", -1);
    if (parts.length != 2 || !parts[0].matches("\\d{1,4}") || !parts[1].matches("\\d{1,2}")) {
      throw new IllegalArgumentException(
          "--sizes: each size is WIDTHxLAYERS (e.g. 64x2), got '" + text + "'");
    }
    return new ModelSize(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
  }

  int heads() {
    return width / HEAD_DIM;
  }

  int intermediate() {
    return 3 * width;
  }

  /** Parameters of the model with a vocabulary of {@code vocab} (tied embeddings, RMSNorm). */
  long parameters(int vocab) {
    long perLayer = 4L * width * width + 3L * width * intermediate() + 2L * width;
    return (long) vocab * width + layers * perLayer + width;
  }

  String label() {
    return width + "x" + layers;
  }
}
