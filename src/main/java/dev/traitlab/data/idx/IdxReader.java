package dev.traitlab.data.idx;

import dev.traitlab.core.FileErrors;
import dev.traitlab.core.TraitlabException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the MNIST format): unsigned-byte tensors of any rank, gzipped or not. The gzip
 * magic is sniffed rather than trusted from the file name.
 */
public final class IdxReader {
  private static final int UNSIGNED_BYTE = 0x08;

  private IdxReader() {}

  /** An unsigned-byte tensor: its dimensions and its values in row-major order. */
  public record IdxTensor(int[] dims, byte[] data) {
    public int count() {
      return dims[0];
    }

    /** Elements per item: the product of all dimensions but the first. */
    public int itemSize() {
      int size = 1;
      for (int i = 1; i < dims.length; i++) {
        size *= dims[i];
      }
      return size;
    }

    public int unsigned(int index) {
      return data[index] & 0xFF;
    }
  }

  public static IdxTensor read(Path file) {
    try (InputStream raw = open(file);
        DataInputStream in = new DataInputStream(raw)) {
      int magic = in.readInt();
      int zeroes = magic >>> 16;
      int type = (magic >>> 8) & 0xFF;
      int rank = magic & 0xFF;
      if (zeroes != 0 || rank < 1 || rank > 4) {
        throw new TraitlabException(
            String.format("%s: not an IDX file (magic 0x%08X)", file, magic));
      }
      if (type != UNSIGNED_BYTE) {
        throw new TraitlabException(
            String.format(
                "%s: IDX element type 0x%02X is not supported (only unsigned byte 0x08)",
                file, type));
      }
      int[] dims = new int[rank];
      long total = 1;
      for (int i = 0; i < rank; i++) {
        dims[i] = in.readInt();
        if (dims[i] < 0) {
          throw new TraitlabException(file + ": negative IDX dimension " + dims[i]);
        }
        total *= dims[i];
      }
      if (total > Integer.MAX_VALUE - 8) {
        throw new TraitlabException(file + ": IDX tensor too large (" + total + " elements)");
      }
      byte[] data = new byte[(int) total];
      try {
        in.readFully(data);
      } catch (EOFException e) {
        throw new TraitlabException(
            file + ": truncated IDX file (header promises " + total + " values)");
      }
      return new IdxTensor(dims, data);
    } catch (EOFException e) {
      throw new TraitlabException(file + ": truncated IDX file (incomplete header)");
    } catch (IOException e) {
      throw new TraitlabException(
          "cannot read IDX file " + file + ": " + FileErrors.reason(file, e), e);
    }
  }

  private static InputStream open(Path file) throws IOException {
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      return new GZIPInputStream(in, 1 << 16);
    }
    return in;
  }
}
