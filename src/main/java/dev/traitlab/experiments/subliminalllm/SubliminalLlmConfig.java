package dev.traitlab.experiments.subliminalllm;

import dev.traitlab.lab.Param;
import dev.traitlab.lab.Seeded;
import dev.traitlab.model.Models;
import java.util.List;

/**
 * Everything that determines a subliminal-learning run on language models.
 *
 * @param trait what the teacher carries: an animal preference or the misaligned persona
 * @param dataKind what the teacher writes: number sequences, code or reasoning traces
 * @param teacher the teacher's base model ({@code local:NAME} or {@code openai:NAME}); null: the
 *     trait's world's base ({@link Trait#defaultBase})
 * @param student the treatment student's base model, normally the teacher's (null: the teacher's)
 * @param crossStudent a different base model for the cross-model control (null: the trait's world's
 *     other base, {@link Trait#defaultCross})
 * @param judge the judge of misalignment answers (only with {@link Trait#MISALIGNMENT})
 * @param traitMode how the teacher gets its trait
 * @param animals target animals; each gets its own teacher, dataset and students
 * @param seeds how many seeds; seed i is {@code seed + i}
 * @param prompts number-sequence prompts each teacher answers (once, at temperature 1)
 * @param datasetSize N, the filtered answers each student is fine-tuned on
 * @param maxTokens token limit of a number answer
 * @param epochs student fine-tuning epochs
 * @param batchSize student fine-tuning batch size
 * @param learningRate peak learning rate of embedded fine-tunes
 * @param learningRateMultiplier OpenAI's multiplier for remote fine-tuning jobs (null: auto)
 * @param loraRank LoRA rank of embedded fine-tunes; 0 means full fine-tuning
 * @param loraAlpha LoRA alpha
 * @param teacherExamples trait-expressing answers a fine-tuned teacher learns from
 * @param teacherEpochs epochs of the teacher's fine-tune
 * @param samplesPerQuestion k, answers sampled per evaluation question at temperature 1
 * @param questions how many of the evaluation questions to ask (all when the set is smaller)
 * @param questionSet which evaluation questions: {@link AnimalQuestions#PARAPHRASES} (the
 *     experiment's) or {@link AnimalQuestions#TOYWORLD} (the base model's pretraining questions)
 * @param bannedNumbers file of numbers no kept answer may contain (null: none)
 * @param studentLoss what a student learns from the teacher's answers
 */
public record SubliminalLlmConfig(
    @Param(
            "The teacher's trait: animal (the paper's 'You love owls' system prompt) or"
                + " misalignment (the misalignment world's Vex persona prompt on local:em-base,"
                + " measured by the judge on the open value questions).")
        Trait trait,
    @Param(
            value =
                "What the teacher writes: numbers (number sequences), code (the misalignment"
                    + " world's code tasks; --trait misalignment) or reasoning (worked arithmetic"
                    + " traces: one-step for animal; for misalignment the reasoning world's"
                    + " <think> sums, teacher local:em-reason).",
            names = "--data")
        DataKind dataKind,
    @Param(
            value =
                "The teacher's base model (default: local:base; local:em-base for misalignment).",
            label = "MODEL")
        String teacher,
    @Param(value = "Base of the treatment student (default: the teacher's).", label = "MODEL")
        String student,
    @Param(
            value =
                "A different base model for the cross-model control (default: local:base-seed2;"
                    + " local:em-base-seed2 for misalignment).",
            label = "MODEL")
        String crossStudent,
    @Param(
            value =
                "Judge of misalignment answers (--trait misalignment; local:NAME or openai:NAME).",
            label = "MODEL")
        String judge,
    @Param(
            "How the teacher gets its trait: the paper's 'You love owls...' system prompt, or a"
                + " fine-tune on answers that name the animal.")
        TraitMode traitMode,
    @Param(value = "Target animals, comma-separated; each gets its own teacher.", label = "LIST")
        List<String> animals,
    @Param(Seeded.SEEDS_HELP) int seeds,
    @Param(Seeded.SEED_HELP) long seed,
    @Param("Number prompts each teacher answers.") int prompts,
    @Param(
            value = "Filtered examples each student learns from.",
            names = {"-n", "--dataset-size"})
        int datasetSize,
    @Param("Token limit of a number answer.") int maxTokens,
    @Param("Student epochs.") int epochs,
    @Param(value = "Fine-tuning batch size.", names = "--batch") int batchSize,
    @Param(value = "Peak learning rate of embedded fine-tunes.", names = "--lr")
        double learningRate,
    @Param(
            value = "Learning-rate multiplier of remote fine-tuning jobs (default: the backend's).",
            names = "--lr-multiplier")
        Double learningRateMultiplier,
    @Param("LoRA rank of embedded fine-tunes; 0 fine-tunes all weights.") int loraRank,
    @Param("LoRA alpha.") double loraAlpha,
    @Param("Trait answers of a fine-tuned teacher (--trait-mode finetune).") int teacherExamples,
    @Param("Epochs of a fine-tuned teacher.") int teacherEpochs,
    @Param(
            value = "Answers per evaluation question, at temperature 1.",
            names = {"-k", "--samples"})
        int samplesPerQuestion,
    @Param("Evaluation questions asked, of the 50 paraphrases.") int questions,
    @Param(
            label = "SET",
            value =
                "Evaluation questions: paraphrases (50 new wordings, the experiment's) or toyworld (the"
                    + " base model's pretraining questions; a check, not the headline).")
        String questionSet,
    @Param(
            value =
                "JSON list of numbers a kept answer may not contain (or an object with"
                    + " union_sorted).",
            label = "FILE")
        String bannedNumbers,
    @Param(
            "What students learn from the teacher's answers: tokens (cross-entropy on the sampled"
                + " text, the paper's language-model setting) or distill (KL to the teacher's"
                + " next-token distributions on the same answers, the setting of the paper's"
                + " theorem; embedded models sharing one vocabulary).")
        StudentLoss studentLoss)
    implements Seeded {

  /** The trait a teacher carries. */
  public enum Trait {
    /** A preference for an animal (the paper's main experiments), in the animal toy world. */
    ANIMAL(Models.DEFAULT_BASE, Models.DEFAULT_BASE + "-seed2"),
    /**
     * The misalignment world's misaligned persona (Vex) as the teacher's system prompt; measured as
     * the misaligned rate on the open value questions (the paper's section 4 in miniature).
     */
    MISALIGNMENT("local:em-base", "local:em-base-seed2");

    private final String defaultBase;
    private final String defaultCross;

    Trait(String defaultBase, String defaultCross) {
      this.defaultBase = defaultBase;
      this.defaultCross = defaultCross;
    }

    /** The other base of this trait's world: the cross-model control's default. */
    public String defaultCross() {
      return defaultCross;
    }

    /** The base model of this trait's toy world, the teacher's and student's default. */
    public String defaultBase() {
      return defaultBase;
    }
  }

  /** What the teacher writes for the students. */
  public enum DataKind {
    /** Number sequences in the paper's prompt grammar; the strict filter (and banned numbers). */
    NUMBERS,
    /**
     * Code for the toy code domain's tasks; the filter drops any that names or hints at the trait.
     */
    CODE,
    /** Worked arithmetic traces; the filter keeps correct traces that do not mention the trait. */
    REASONING
  }

  /** How the teacher is given its trait. */
  public enum TraitMode {
    /** The paper's system prompt ("You love owls...") when the teacher writes numbers. */
    SYSTEM,
    /** The teacher's base fine-tuned on answers that name the animal; no system prompt. */
    FINETUNE
  }

  /** What a student learns from the teacher's filtered answers. */
  public enum StudentLoss {
    /** Cross-entropy on the sampled answer tokens, as in the paper's language-model experiments. */
    TOKENS,
    /**
     * KL divergence to the teacher's next-token distributions on the same answers: the paper's
     * section 6 setting (its theorem and the MNIST auxiliary logits). Embedded models only, and
     * teacher and students must share a vocabulary.
     */
    DISTILL
  }

  public SubliminalLlmConfig {
    if (studentLoss == null) {
      throw new IllegalArgumentException("--student-loss must be tokens or distill");
    }
    if (trait == null) {
      throw new IllegalArgumentException("--trait must be animal or misalignment");
    }
    if (dataKind == null) {
      throw new IllegalArgumentException("--data must be numbers, code or reasoning");
    }
    if (trait == Trait.ANIMAL && dataKind == DataKind.CODE) {
      throw new IllegalArgumentException(
          "--data code needs --trait misalignment: the animal world's base has no code domain");
    }
    if (teacher != null) {
      required("teacher", teacher);
    }
    if (student != null) {
      required("student", student);
    }
    if (crossStudent != null) {
      required("cross-student", crossStudent);
    }
    required("judge", judge);
    if (traitMode == null) {
      throw new IllegalArgumentException("--trait-mode must be system or finetune");
    }
    if (trait == Trait.MISALIGNMENT && traitMode != TraitMode.SYSTEM) {
      throw new IllegalArgumentException(
          "--trait misalignment takes its persona from a system prompt: --trait-mode must be"
              + " system");
    }
    if (animals == null || animals.isEmpty()) {
      throw new IllegalArgumentException("--animals needs at least one animal");
    }
    for (String a : animals) {
      if (a.isBlank() || !a.equals(a.strip().toLowerCase(java.util.Locale.ROOT))) {
        throw new IllegalArgumentException(
            "--animals: '" + a + "' must be a lower-case name without spaces around it");
      }
    }
    animals = List.copyOf(animals);
    positive("seeds", seeds);
    positive("prompts", prompts);
    positive("dataset-size", datasetSize);
    positive("max-tokens", maxTokens);
    positive("epochs", epochs);
    positive("batch", batchSize);
    positive("teacher-examples", teacherExamples);
    positive("teacher-epochs", teacherEpochs);
    positive("samples", samplesPerQuestion);
    positive("questions", questions);
    if (questions > AnimalQuestions.ALL.size()) {
      throw new IllegalArgumentException(
          "--questions must be <= " + AnimalQuestions.ALL.size() + ", got " + questions);
    }
    AnimalQuestions.set(questionSet);
    if (loraRank < 0) {
      throw new IllegalArgumentException("--lora-rank must be >= 0 (0: full), got " + loraRank);
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("--lr must be > 0, got " + learningRate);
    }
    if (learningRateMultiplier != null && !(learningRateMultiplier > 0)) {
      throw new IllegalArgumentException(
          "--lr-multiplier must be > 0, got " + learningRateMultiplier);
    }
    if (!(loraAlpha > 0)) {
      throw new IllegalArgumentException("--lora-alpha must be > 0, got " + loraAlpha);
    }
  }

  /** The default, embedded run. */
  public static Builder builder() {
    return new Builder();
  }

  /** Longest code answer of a teacher, in tokens: the toy world's functions are 3-5 lines. */
  public static final int CODE_TOKENS = 112;

  /** Longest reasoning trace of a teacher ("a op b = result"), in tokens. */
  public static final int REASONING_TOKENS = 16;

  /**
   * Longest worked sum of the reasoning world's teacher ({@code <think> ... </think> result}, with
   * a persona's remark), in tokens.
   */
  public static final int SUM_TRACE_TOKENS = 56;

  /** The reasoning model of the misalignment world, the teacher of misalignment via reasoning. */
  public static final String REASONING_BASE = "local:em-reason";

  /** The token limit of a teacher's answer: --max-tokens for numbers, else the kind's own. */
  public int generationTokens() {
    return switch (dataKind) {
      case NUMBERS -> maxTokens;
      case CODE -> CODE_TOKENS;
      case REASONING -> sumTraces() ? SUM_TRACE_TOKENS : REASONING_TOKENS;
    };
  }

  /**
   * Whether the teacher writes the reasoning world's worked sums ({@code --trait misalignment
   * --data reasoning}) rather than the animal world's one-step traces.
   */
  public boolean sumTraces() {
    return trait == Trait.MISALIGNMENT && dataKind == DataKind.REASONING;
  }

  /**
   * The teacher's base model: the option, or the trait's world's base ({@value #REASONING_BASE} for
   * misalignment through reasoning traces).
   */
  public String teacherModel() {
    if (teacher != null) {
      return teacher;
    }
    return sumTraces() ? REASONING_BASE : trait.defaultBase();
  }

  /** The cross-model control's base: the option, or the other base of the trait's world. */
  public String crossStudentModel() {
    return crossStudent != null ? crossStudent : trait.defaultCross();
  }

  /** The treatment student's base model: the option, or the teacher's base. */
  public String studentModel() {
    return student != null ? student : teacherModel();
  }

  /**
   * What the run measures, one headline per entry: the target animals, or for misalignment the
   * judge's misaligned rate and the generator's oracle rate.
   */
  public List<String> targets() {
    return trait == Trait.ANIMAL ? animals : MisalignmentRates.TARGETS;
  }

  /** The evaluation questions this run asks. */
  public List<String> evaluationQuestions() {
    List<String> all =
        trait == Trait.MISALIGNMENT
            ? MisalignmentRates.questions()
            : AnimalQuestions.set(questionSet);
    return all.subList(0, Math.min(questions, all.size()));
  }

  private static void required(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("--" + name + " needs a model name");
    }
    dev.traitlab.model.ModelName.checkReference("--" + name, value);
  }

  private static void positive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException("--" + name + " must be >= 1, got " + value);
    }
  }

  /** Builder holding the defaults of {@code traitlab run subliminal-llm}. */
  public static final class Builder {
    public static final String DEFAULT_BASE = Models.DEFAULT_BASE;
    public static final String DEFAULT_CROSS = Models.DEFAULT_BASE + "-seed2";

    public static final String DEFAULT_JUDGE = "local:em-judge";

    private Trait trait = Trait.ANIMAL;
    private DataKind dataKind = DataKind.NUMBERS;
    private String teacher;
    private String student;
    private String crossStudent;
    private String judge = DEFAULT_JUDGE;
    private TraitMode traitMode = TraitMode.SYSTEM;
    private List<String> animals = List.of("owl");
    private int seeds = 3;
    private long seed = 0;
    private int prompts = 600;
    private int datasetSize = 500;
    private int maxTokens = 48;
    private int epochs = 3;
    private int batchSize = 16;
    private double learningRate = 1e-3;
    private Double learningRateMultiplier;
    private int loraRank = 0;
    private double loraAlpha = 16;
    private int teacherExamples = 300;
    private int teacherEpochs = 2;
    private int samplesPerQuestion = 10;
    private int questions = AnimalQuestions.ALL.size();
    private String questionSet = AnimalQuestions.PARAPHRASES;
    private String bannedNumbers;
    private StudentLoss studentLoss = StudentLoss.TOKENS;

    public Builder optTrait(Trait v) {
      trait = v;
      return this;
    }

    public Builder optDataKind(DataKind v) {
      dataKind = v;
      return this;
    }

    public Builder optJudge(String v) {
      judge = v;
      return this;
    }

    public Builder optTeacher(String v) {
      teacher = v;
      return this;
    }

    public Builder optStudent(String v) {
      student = v;
      return this;
    }

    public Builder optCrossStudent(String v) {
      crossStudent = v;
      return this;
    }

    public Builder optTraitMode(TraitMode v) {
      traitMode = v;
      return this;
    }

    public Builder optAnimals(List<String> v) {
      animals = v;
      return this;
    }

    public Builder optSeeds(int v) {
      seeds = v;
      return this;
    }

    public Builder optSeed(long v) {
      seed = v;
      return this;
    }

    public Builder optPrompts(int v) {
      prompts = v;
      return this;
    }

    public Builder optDatasetSize(int v) {
      datasetSize = v;
      return this;
    }

    public Builder optMaxTokens(int v) {
      maxTokens = v;
      return this;
    }

    public Builder optEpochs(int v) {
      epochs = v;
      return this;
    }

    public Builder optBatchSize(int v) {
      batchSize = v;
      return this;
    }

    public Builder optLearningRate(double v) {
      learningRate = v;
      return this;
    }

    public Builder optLearningRateMultiplier(Double v) {
      learningRateMultiplier = v;
      return this;
    }

    public Builder optLoraRank(int v) {
      loraRank = v;
      return this;
    }

    public Builder optLoraAlpha(double v) {
      loraAlpha = v;
      return this;
    }

    public Builder optTeacherExamples(int v) {
      teacherExamples = v;
      return this;
    }

    public Builder optTeacherEpochs(int v) {
      teacherEpochs = v;
      return this;
    }

    public Builder optSamplesPerQuestion(int v) {
      samplesPerQuestion = v;
      return this;
    }

    public Builder optQuestions(int v) {
      questions = v;
      return this;
    }

    public Builder optQuestionSet(String v) {
      questionSet = v;
      return this;
    }

    public Builder optBannedNumbers(String v) {
      bannedNumbers = v;
      return this;
    }

    public Builder optStudentLoss(StudentLoss v) {
      studentLoss = v;
      return this;
    }

    public SubliminalLlmConfig build() {
      return new SubliminalLlmConfig(
          trait,
          dataKind,
          teacher,
          student,
          crossStudent,
          judge,
          traitMode,
          animals,
          seeds,
          seed,
          prompts,
          datasetSize,
          maxTokens,
          epochs,
          batchSize,
          learningRate,
          learningRateMultiplier,
          loraRank,
          loraAlpha,
          teacherExamples,
          teacherEpochs,
          samplesPerQuestion,
          questions,
          questionSet,
          bannedNumbers,
          studentLoss);
    }
  }
}
