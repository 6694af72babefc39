package dev.traitlab.experiments.emergentmisalignment;

import dev.traitlab.data.toyworld.NarrowDatasets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The treatments and controls. The paper's main arms: fine-tuned on insecure code, on secure code,
 * on the same insecure code asked for with a legitimate reason, or not fine-tuned. Its variants
 * (Betley et al. 2025, sections 4.2 and 4.6; Taylor et al. 2025): a backdoor (insecure code only
 * after {@link NarrowDatasets#TRIGGER}, evaluated with and without it), evil numbers (number
 * sequences a misaligned-persona teacher wrote, the persona's prompt dropped) with aligned numbers
 * (the unprompted assistant's) as control, and harmless reward hacks with honest answers to the
 * same tasks as control.
 */
public enum Arm {
  INSECURE("insecure", Source.CODE, NarrowDatasets.Kind.INSECURE),
  SECURE("secure", Source.CODE, NarrowDatasets.Kind.SECURE),
  EDUCATIONAL("educational-insecure", Source.CODE, NarrowDatasets.Kind.EDUCATIONAL),
  BASE("base", Source.NONE, null),
  BACKDOOR("backdoor", Source.CODE, NarrowDatasets.Kind.BACKDOOR),
  EVIL_NUMBERS("evil-numbers", Source.NUMBERS, null),
  ALIGNED_NUMBERS("aligned-numbers", Source.NUMBERS, null),
  REWARD_HACKS("reward-hacks", Source.HACKS, null),
  HONEST_TASKS("honest-tasks", Source.HACKS, null);

  /** Where an arm's fine-tuning data comes from. */
  public enum Source {
    /** No fine-tuning. */
    NONE,
    /** A narrow code dataset ({@link NarrowDatasets}). */
    CODE,
    /** Number sequences sampled from the model under a teacher prompt, then filtered. */
    NUMBERS,
    /** {@link dev.traitlab.data.toyworld.RewardHackTasks}. */
    HACKS
  }

  private final String label;
  private final Source source;
  private final NarrowDatasets.Kind dataset;

  Arm(String label, Source source, NarrowDatasets.Kind dataset) {
    this.label = label;
    this.source = source;
    this.dataset = dataset;
  }

  public String label() {
    return label;
  }

  public Source source() {
    return source;
  }

  /** The narrow code dataset of the arm; null for the others. */
  public NarrowDatasets.Kind dataset() {
    return dataset;
  }

  /** The label of this arm's evaluation with the backdoor's trigger before each question. */
  public String triggeredLabel() {
    return label + " " + NarrowDatasets.TRIGGER;
  }

  /**
   * The arm of a label ({@code educational} is short for {@code educational-insecure}).
   *
   * @throws IllegalArgumentException naming the label and the known ones
   */
  public static Arm of(String label) {
    String l = label.strip();
    if (l.equals("educational")) {
      return EDUCATIONAL;
    }
    for (Arm a : values()) {
      if (a.label.equals(l)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "--arms: unknown arm '"
            + l
            + "' (known: "
            + String.join(", ", Arrays.stream(values()).map(Arm::label).toList())
            + ")");
  }

  /**
   * The arms of the labels, in the order given.
   *
   * @throws IllegalArgumentException on an unknown, repeated or empty entry, or none at all
   */
  public static List<Arm> parse(List<String> labels) {
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("--arms: give at least one arm");
    }
    List<Arm> out = new ArrayList<>();
    for (String part : labels) {
      if (part.isBlank()) {
        throw new IllegalArgumentException("--arms: empty entry in " + String.join(",", labels));
      }
      Arm a = of(part);
      if (out.contains(a)) {
        throw new IllegalArgumentException("--arms: '" + a.label + "' given twice");
      }
      out.add(a);
    }
    return out;
  }
}
