package dev.traitlab.experiments.rlscaling;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * What the options --pool and --eval-images depend on in an MNIST-format directory, read from the
 * 16-byte IDX headers of its two image files (gzipped or not, as the run reads them) without
 * reading the images, so that {@link RlScalingConfig} can refuse values the data cannot take as
 * usage errors before anything runs.
 *
 * @param testImages images in the test split (t10k-images)
 * @param trainSide the train images' side (rows; 0 when they are not square)
 * @param testSide the test images' side (likewise)
 */
record ImageLayout(int testImages, int trainSide, int testSide) {
  private static final int IMAGES_MAGIC = 0x00000803; // unsigned bytes, rank 3

  /**
   * The layout of the directory's image files; empty when the directory or a file is missing or a
   * header cannot be read as an image tensor's (the run reports those, as a runtime error).
   */
  static Optional<ImageLayout> of(Path dir) {
    int[] train = header(dir, "train-images-idx3-ubyte");
    int[] test = header(dir, "t10k-images-idx3-ubyte");
    if (train == null || test == null) {
      return Optional.empty();
    }
    return Optional.of(new ImageLayout(test[0], side(train), side(test)));
  }

  private static int side(int[] dims) {
    return dims[1] == dims[2] ? dims[1] : 0;
  }

  /** {count, rows, columns} of an image file's IDX header, or null. */
  private static int[] header(Path dir, String stem) {
    for (String name : new String[] {stem, stem + ".gz"}) {
      Path file = dir.resolve(name);
      if (!Files.isRegularFile(file)) {
        continue;
      }
      try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
          DataInputStream in = new DataInputStream(gunzipped(raw))) {
        if (in.readInt() != IMAGES_MAGIC) {
          return null;
        }
        int[] dims = {in.readInt(), in.readInt(), in.readInt()};
        return dims[0] >= 0 && dims[1] > 0 && dims[2] > 0 ? dims : null;
      } catch (IOException e) {
        return null;
      }
    }
    return null;
  }

  /** The stream itself, or its gunzipped content when it starts with gzip's magic. */
  private static InputStream gunzipped(InputStream in) throws IOException {
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in) : in;
  }

  /**
   * The pooling factors that divide {@code side}, for a refusal's message: "1, 2, 4, 7, 14, 28".
   */
  static String divisors(int side) {
    StringBuilder out = new StringBuilder();
    for (int f = 1; f <= side; f++) {
      if (side % f == 0) {
        out.append(out.isEmpty() ? "" : ", ").append(f);
      }
    }
    return out.toString();
  }
}
