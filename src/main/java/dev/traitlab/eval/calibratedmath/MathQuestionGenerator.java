package dev.traitlab.eval.calibratedmath;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded CalibratedMath questions: the sub-tasks are (operation, digits, digits) with 1-3 digits
 * per operand (one digit count for single-operand families); question i comes from sub-task i
 * modulo their number, shuffled by the seed, so every sub-task is covered evenly.
 */
public final class MathQuestionGenerator {
  public static final int MAX_DIGITS = 3;

  private MathQuestionGenerator() {}

  /** A sub-task: operation and digit counts (d2 is 0 for single-operand families). */
  public record SubTask(MathOperation operation, int digits1, int digits2) {
    public String name() {
      return operation.name().toLowerCase(java.util.Locale.ROOT)
          + "_"
          + digits1
          + (digits2 > 0 ? "x" + digits2 : "");
    }
  }

  public static List<SubTask> subTasks() {
    List<SubTask> out = new ArrayList<>();
    for (MathOperation op : MathOperation.values()) {
      for (int d1 = 1; d1 <= MAX_DIGITS; d1++) {
        if (op.operands() == 1) {
          out.add(new SubTask(op, d1, 0));
        } else {
          for (int d2 = 1; d2 <= MAX_DIGITS; d2++) {
            out.add(new SubTask(op, d1, d2));
          }
        }
      }
    }
    return out;
  }

  public static List<MathQuestion> generate(long seed, int count) {
    List<SubTask> tasks = new ArrayList<>(subTasks());
    Random random = new Random(seed);
    java.util.Collections.shuffle(tasks, random);
    return generate(tasks, random, count);
  }

  /**
   * {@code count} questions from the given sub-tasks in turn (question i from sub-task i modulo
   * their number), each drawn from its own generator seeded from {@code random}.
   *
   * @throws IllegalArgumentException when there are no sub-tasks
   */
  public static List<MathQuestion> generate(List<SubTask> tasks, Random random, int count) {
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("no sub-tasks to draw questions from");
    }
    List<MathQuestion> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      SubTask t = tasks.get(i % tasks.size());
      out.add(
          t.operation()
              .generate(t.digits1(), Math.max(1, t.digits2()), new Random(random.nextLong())));
    }
    return out;
  }

  /** The sub-task a question was drawn from. */
  public static SubTask subTaskOf(MathQuestion q) {
    return new SubTask(MathOperation.valueOf(q.operation()), q.digits1(), q.digits2());
  }

  /** The sub-tasks of the given operations, in {@link #subTasks()} order. */
  public static List<SubTask> subTasksOf(java.util.Collection<MathOperation> operations) {
    return subTasks().stream().filter(t -> operations.contains(t.operation())).toList();
  }
}
