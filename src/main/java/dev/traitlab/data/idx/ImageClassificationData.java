package dev.traitlab.data.idx;

import dev.traitlab.core.TraitlabException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A labelled image set in MNIST layout: pixels scaled to [-1, 1], flattened row-major, and integer
 * class labels.
 */
public record ImageClassificationData(float[] pixels, int[] labels, int features, int classes) {

  public int size() {
    return labels.length;
  }

  /**
   * The images average-pooled over {@code factor} x {@code factor} blocks (square images, whose
   * side {@code factor} divides): 28 x 28 becomes 14 x 14 at factor 2. Factor 1 returns this set.
   *
   * @throws IllegalArgumentException when the images are not square or the factor does not divide
   *     their side
   */
  public ImageClassificationData pooled(int factor) {
    int side = (int) Math.round(Math.sqrt(features));
    if (side * side != features) {
      throw new IllegalArgumentException(features + " pixels are not a square image");
    }
    if (factor < 1 || side % factor != 0) {
      throw new IllegalArgumentException(
          "pooling factor " + factor + " does not divide the image side " + side);
    }
    if (factor == 1) {
      return this;
    }
    int out = side / factor;
    float[] pooled = new float[size() * out * out];
    float scale = 1f / (factor * factor);
    for (int i = 0; i < size(); i++) {
      for (int r = 0; r < side; r++) {
        for (int c = 0; c < side; c++) {
          pooled[i * out * out + (r / factor) * out + c / factor] +=
              pixels[i * features + r * side + c] * scale;
        }
      }
    }
    return new ImageClassificationData(pooled, labels, out * out, classes);
  }

  /** The first {@code n} examples (all of them when there are fewer). */
  public ImageClassificationData first(int n) {
    int k = Math.min(n, size());
    return new ImageClassificationData(
        java.util.Arrays.copyOf(pixels, k * features),
        java.util.Arrays.copyOf(labels, k),
        features,
        classes);
  }

  /** Pairs an images file with a labels file, checking that they agree. */
  public static ImageClassificationData fromIdx(Path images, Path labels) {
    IdxReader.IdxTensor x = IdxReader.read(images);
    IdxReader.IdxTensor y = IdxReader.read(labels);
    if (y.dims().length != 1) {
      throw new TraitlabException(labels + ": labels must be a rank-1 IDX tensor");
    }
    if (x.count() != y.count()) {
      throw new TraitlabException(
          images
              + " holds "
              + x.count()
              + " images but "
              + labels
              + " holds "
              + y.count()
              + " labels");
    }
    int features = x.itemSize();
    float[] pixels = new float[x.data().length];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = x.unsigned(i) / 127.5f - 1f;
    }
    int[] classes = new int[y.count()];
    int max = 0;
    for (int i = 0; i < classes.length; i++) {
      classes[i] = y.unsigned(i);
      max = Math.max(max, classes[i]);
    }
    return new ImageClassificationData(pixels, classes, features, max + 1);
  }

  /** Train and test splits of an MNIST-format directory (files gzipped or not). */
  public record Splits(ImageClassificationData train, ImageClassificationData test) {}

  public static Splits readMnistDirectory(Path dir) {
    checkMnistDirectory(dir);
    return new Splits(
        fromIdx(find(dir, "train-images-idx3-ubyte"), find(dir, "train-labels-idx1-ubyte")),
        fromIdx(find(dir, "t10k-images-idx3-ubyte"), find(dir, "t10k-labels-idx1-ubyte")));
  }

  /**
   * Checks, without reading them, that {@code dir} is a directory holding the four MNIST-format
   * files {@link #readMnistDirectory} reads: an experiment calls this before its run is recorded.
   *
   * @throws TraitlabException naming the directory and what is wrong with it
   */
  public static void checkMnistDirectory(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new TraitlabException(
          dir + (Files.exists(dir) ? ": a file, not a directory" : ": no such directory"));
    }
    for (String stem : SPLIT_FILES) {
      find(dir, stem);
    }
  }

  private static final String[] SPLIT_FILES = {
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte"
  };

  private static Path find(Path dir, String stem) {
    for (String name : new String[] {stem, stem + ".gz"}) {
      Path candidate = dir.resolve(name);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new TraitlabException(dir + ": missing " + stem + " (or " + stem + ".gz)");
  }
}
