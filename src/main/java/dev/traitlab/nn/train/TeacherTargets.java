package dev.traitlab.nn.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.traitlab.nn.NativeArrays;
import dev.traitlab.nn.transformer.TransformerModel;
import java.util.List;
import java.util.function.Function;

/**
 * Soft targets from a teacher transformer of the same vocabulary. The teacher may read a different
 * prefix than the student (a system prompt the student never sees): each example's teacher sequence
 * must end with the same tokens as the student's (checked), and position p of the student maps to
 * position p + (teacher length - student length) of the teacher.
 */
public final class TeacherTargets implements SoftTargets {
  private final TransformerModel teacher;
  private final Function<TrainingExample, int[]> teacherTokens;

  /** A teacher that reads exactly the student's tokens. */
  public TeacherTargets(TransformerModel teacher) {
    this(teacher, TrainingExample::tokens);
  }

  public TeacherTargets(TransformerModel teacher, Function<TrainingExample, int[]> teacherTokens) {
    this.teacher = teacher;
    this.teacherTokens = teacherTokens;
  }

  @Override
  public NDArray logprobs(NDManager manager, List<TrainingExample> batch, int length) {
    int b = batch.size();
    int[][] seqs = new int[b][];
    int tlen = 2;
    for (int r = 0; r < b; r++) {
      seqs[r] = teacherTokens.apply(batch.get(r));
      checkEndsWith(seqs[r], batch.get(r).tokens(), r);
      tlen = Math.max(tlen, seqs[r].length);
    }
    int[][] padded = new int[b][tlen];
    long[] rows = new long[b * (length - 1)];
    for (int r = 0; r < b; r++) {
      System.arraycopy(seqs[r], 0, padded[r], 0, seqs[r].length);
      int shift = seqs[r].length - batch.get(r).tokens().length;
      for (int p = 0; p + 1 < length; p++) {
        // Positions past a row's end are padding, never read: any valid row will do.
        int q = Math.clamp(p + shift, 0, tlen - 2);
        rows[r * (length - 1) + p] = (long) r * (tlen - 1) + q;
      }
    }
    try (NDManager tm = teacher.manager().newSubManager()) {
      NDArray all = teacher.nextTokenLogprobs(tm, padded);
      long v = all.getShape().get(2);
      NDArray picked =
          all.reshape(b * (long) (tlen - 1), v)
              .get(new NDIndex("{}", NativeArrays.of(tm, rows, new Shape(rows.length))))
              .reshape(b, length - 1, v)
              .stopGradient();
      picked.attach(manager);
      return picked;
    }
  }

  /** A teacher sequence that does not end with the student's would silently misalign targets. */
  private static void checkEndsWith(int[] teacherSeq, int[] studentSeq, int row) {
    int shift = teacherSeq.length - studentSeq.length;
    if (shift < 0) {
      throw new IllegalArgumentException(
          "teacher sequence for batch row "
              + row
              + " has "
              + teacherSeq.length
              + " tokens, fewer than the student's "
              + studentSeq.length);
    }
    for (int p = 0; p < studentSeq.length; p++) {
      if (teacherSeq[p + shift] != studentSeq[p]) {
        throw new IllegalArgumentException(
            "teacher sequence for batch row "
                + row
                + " does not end with the student's tokens: student token "
                + p
                + " is "
                + studentSeq[p]
                + ", teacher token "
                + (p + shift)
                + " is "
                + teacherSeq[p + shift]);
      }
    }
  }
}
