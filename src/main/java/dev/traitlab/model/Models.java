package dev.traitlab.model;

import dev.traitlab.core.Hashing;
import dev.traitlab.core.Progress;
import dev.traitlab.core.Seeds;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.data.chat.PreferenceExample;
import dev.traitlab.model.embedded.BaseModelBuilder;
import dev.traitlab.model.embedded.BaseModelRecipe;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.model.embedded.InductiveModels;
import dev.traitlab.model.embedded.MisalignmentModels;
import dev.traitlab.model.embedded.ModelStore;
import dev.traitlab.model.tuning.EmbeddedTuner;
import dev.traitlab.model.tuning.TuneLoss;
import dev.traitlab.model.tuning.TuneSettings;
import dev.traitlab.text.TokenizerFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The model layer's door for experiments and commands: models by name, their identity, batched
 * sampling of many conversations, fine-tuning and distillation, log-probability ratios, and the
 * default base models, pretrained on first use. Callers pass names through: only this layer looks
 * at whether a model is embedded ({@code local:NAME}, or {@code local:/dir} for one saved in a
 * directory) or behind an OpenAI-compatible API ({@code openai:NAME}).
 *
 * <p>Embedded models opened here run in process without the call cache (an experiment's stage cache
 * resumes them, and many conversations are sampled in one batched pass); remote models go through
 * {@link ModelResolver}, call cache included, and are fine-tuned by jobs.
 */
public final class Models {
  /** The default embedded base model, pretrained by {@code traitlab pretrain}. */
  public static final String DEFAULT_BASE = "local:" + ModelStore.BASE;

  /** Conversations sampled together in one embedded batch (rows = conversations x n). */
  static final int BATCH_ROWS = 96;

  private final ModelOptions options;

  public Models(ModelOptions options) {
    this.options = options;
  }

  /** Whether {@code ref} names an embedded model (one that runs in process). */
  public static boolean isEmbedded(String ref) {
    return ModelName.parse(ref).isEmbedded();
  }

  /** The name of the embedded model saved in {@code dir} (by {@link #fineTune}, say). */
  public static String embeddedAt(Path dir) {
    return ModelName.embedded(dir.toAbsolutePath().normalize().toString()).toString();
  }

  /**
   * A name that changes when the model does: {@code sha256:HEX} of an embedded model's weights (a
   * retrained base must not reuse old stages), {@code NAME@BASE_URL} for a remote one. The call
   * cache keys by the same identity.
   */
  public String identity(String ref) {
    return ModelResolver.identity(ModelName.parse(ref), options);
  }

  /**
   * The number of transformer blocks of an embedded model already in the models directory, read
   * from its config.json alone (no weights are loaded), so that options naming a block can be
   * checked before any work.
   *
   * @return empty for a remote model or an embedded one not built yet (its size is not known)
   * @throws TraitlabException if the reference is malformed or config.json cannot be read
   */
  public java.util.OptionalInt blocks(String ref) {
    ModelName name = ModelName.parse(ref);
    if (!name.isEmbedded()) {
      return java.util.OptionalInt.empty();
    }
    java.nio.file.Path dir =
        dev.traitlab.model.embedded.ModelStore.at(options.modelsDir()).resolve(name.toString());
    if (!dev.traitlab.model.embedded.ModelStore.isComplete(dir)) {
      return java.util.OptionalInt.empty();
    }
    return java.util.OptionalInt.of(
        dev.traitlab.nn.transformer.TransformerConfig.read(
                dir.resolve(dev.traitlab.nn.transformer.TransformerModel.CONFIG_FILE))
            .numHiddenLayers());
  }

  /** Checks that a model can be reached before any work starts. */
  public void requireAvailable(String ref) {
    ModelName name = ModelName.parse(ref);
    if (name.isEmbedded()) {
      ModelResolver.embeddedDir(name, options);
    }
  }

  /**
   * Checks that a fine-tuned model named by a cached stage can still be reached: an embedded one by
   * its directory, a remote one by asking its service (a restarted {@code traitlab serve} forgets
   * its fine-tunes, and numbers its jobs from 1 again).
   *
   * @throws TraitlabException naming the model and the remedy (rerun with --fresh)
   */
  public void requireTuned(String ref) {
    ModelName name = ModelName.parse(ref);
    if (name.isEmbedded()) {
      ModelResolver.embeddedDir(name, options);
      return;
    }
    if (!ModelResolver.fineTuning(ref, options).hasModel(name.name())) {
      throw new TraitlabException(
          "fine-tuned model "
              + ref
              + " from a cached stage is no longer served (a restarted server forgets its"
              + " fine-tunes): rerun with --fresh");
    }
  }

  /** Opens a model; the caller closes it. */
  public LanguageModel open(String ref) {
    ModelName name = ModelName.parse(ref);
    if (name.isEmbedded()) {
      return loadEmbedded(name);
    }
    return ModelResolver.resolve(ref, options);
  }

  private EmbeddedModel loadEmbedded(ModelName name) {
    return EmbeddedModel.load(ModelResolver.embeddedDir(name, options), name.toString());
  }

  /**
   * The text of {@code sampling.n()} samples for each conversation, at the given seed (the
   * sampling's own seed and log-prob settings are not used). Conversation i of the list always gets
   * the same seed, whatever the batching: an embedded model samples {@value #BATCH_ROWS} rows per
   * batched pass, seeded by the batch's place; a remote one answers each conversation in its own
   * call, seeded by its index, with calls in parallel.
   */
  public List<List<String>> sample(
      LanguageModel model,
      List<List<ChatMessage>> conversations,
      Sampling sampling,
      long seed,
      String task,
      Progress progress) {
    if (model instanceof EmbeddedModel embedded) {
      return sampleEmbedded(embedded, conversations, null, sampling, seed, task, progress);
    }
    progress.start(task, conversations.size());
    List<Integer> indices = new ArrayList<>();
    for (int i = 0; i < conversations.size(); i++) {
      indices.add(i);
    }
    int[] done = {0};
    List<List<String>> out =
        new ArrayList<>(
            ParallelCalls.map(
                indices,
                i -> {
                  List<String> t =
                      texts(
                          model.chat(
                              conversations.get(i),
                              sampling
                                  .withSeed(Seeds.derive(seed, "conversation", i))
                                  .withoutLogprobs()));
                  synchronized (done) {
                    progress.step(++done[0], "");
                  }
                  return t;
                }));
    progress.finish();
    return out;
  }

  /**
   * {@link #sample} with every answer started by {@code prefix} (a reasoning model's {@code
   * <think>}): the texts returned begin with the prefix, then what the model wrote after it.
   * Batched and seeded as {@link #sample}.
   *
   * @throws dev.traitlab.core.TraitlabException when the model is not embedded (a chat API takes no
   *     prefill)
   */
  public List<List<String>> samplePrefilled(
      LanguageModel model,
      List<List<ChatMessage>> conversations,
      String prefix,
      Sampling sampling,
      long seed,
      String task,
      Progress progress) {
    if (!(model instanceof EmbeddedModel embedded)) {
      throw new dev.traitlab.core.TraitlabException(
          "model " + model.name() + ": a prefilled answer needs an embedded (local:) model");
    }
    return sampleEmbedded(embedded, conversations, prefix, sampling, seed, task, progress);
  }

  /**
   * An embedded model's samples, {@value #BATCH_ROWS} rows per batched pass seeded by the batch's
   * place; with a {@code prefix} (null: none) each answer starts with it.
   */
  private static List<List<String>> sampleEmbedded(
      EmbeddedModel embedded,
      List<List<ChatMessage>> conversations,
      String prefix,
      Sampling sampling,
      long seed,
      String task,
      Progress progress) {
    List<List<String>> out = new ArrayList<>(conversations.size());
    progress.start(task, conversations.size());
    int per = Math.max(1, BATCH_ROWS / sampling.n());
    for (int from = 0; from < conversations.size(); from += per) {
      int to = Math.min(conversations.size(), from + per);
      Sampling s = sampling.withSeed(Seeds.derive(seed, "batch", from, per)).withoutLogprobs();
      List<List<ChatMessage>> batch = conversations.subList(from, to);
      for (List<Completion> completions :
          prefix == null
              ? embedded.chatBatch(batch, s)
              : embedded.chatBatchPrefilled(batch, prefix, s)) {
        out.add(
            prefix == null
                ? texts(completions)
                : texts(completions).stream().map(t -> prefix + t).toList());
      }
      progress.step(to, "");
    }
    progress.finish();
    return out;
  }

  /**
   * Fine-tunes a copy of {@code baseRef} on the conversations (assistant turns are the targets) and
   * returns the new model's name. Embedded models train here ({@link EmbeddedTuner}) and are saved
   * to {@code outDir}; remote ones go through a fine-tuning job on the uploaded {@code jsonl} (the
   * same conversations as chat JSONL), named with {@code suffix}.
   */
  public String fineTune(
      String baseRef,
      List<List<ChatMessage>> conversations,
      Path jsonl,
      TuneSettings settings,
      long seed,
      String suffix,
      Path outDir,
      Progress progress) {
    ModelName base = ModelName.parse(baseRef);
    if (base.isEmbedded()) {
      // The progress line names the fine-tune by its suffix: a stage's output directory is a
      // temporary one until the stage finishes.
      String task = "fine-tune " + (suffix == null ? outDir.getFileName() : suffix);
      return trainEmbedded(
          base,
          outDir,
          m ->
              EmbeddedTuner.train(
                  m, conversations, settings, TuneLoss.tokens(), seed, task, progress));
    }
    return fineTuneRemote(
        base, jsonl, settings, FineTuneMethod.supervised(), seed, suffix, progress);
  }

  /**
   * Fine-tunes a copy of the embedded {@code baseRef} on plain documents, the loss on every token
   * and no chat template ({@link EmbeddedTuner#trainDocuments}: a base-form model's continued
   * pretraining), saves it to {@code outDir} and returns its name.
   *
   * @throws TraitlabException when the model is remote: traitlab's fine-tuning jobs send chat JSONL
   *     only, whose template would add the turns that document training leaves out
   */
  public String fineTuneDocuments(
      String baseRef,
      List<String> documents,
      TuneSettings settings,
      long seed,
      Path outDir,
      Progress progress) {
    ModelName base = ModelName.parse(baseRef);
    if (!base.isEmbedded()) {
      throw new TraitlabException(
          "fine-tuning on plain documents needs an embedded model (local:NAME), not "
              + baseRef
              + ": traitlab's fine-tuning jobs send chat JSONL only");
    }
    return trainEmbedded(
        base,
        outDir,
        m ->
            EmbeddedTuner.trainDocuments(
                m, documents, settings, seed, "fine-tune " + outDir.getFileName(), progress));
  }

  /**
   * As {@link #fineTune} for an embedded model with full fine-tuning, also keeping checkpoints: the
   * weights after each step of {@code checkpointSteps} (1-based optimiser steps; a step past the
   * end is never reached) are saved to {@code outDir/checkpoint-STEP}, and the final model to
   * {@code outDir}. Returns the saved steps in order and the final model's name; a checkpoint's
   * name is {@link #embeddedAt} of its directory. The steps of a run are ceil(conversations / batch
   * size) per epoch.
   *
   * @throws IllegalArgumentException when the model is remote (fine-tuning jobs keep no checkpoints
   *     here) or the settings ask for LoRA (adapters are merged only at the end)
   */
  public Checkpointed fineTuneWithCheckpoints(
      String baseRef,
      List<List<ChatMessage>> conversations,
      TuneSettings settings,
      long seed,
      java.util.Set<Integer> checkpointSteps,
      Path outDir,
      Progress progress) {
    ModelName base = ModelName.parse(baseRef);
    if (!base.isEmbedded()) {
      throw new IllegalArgumentException(
          "checkpoints need an embedded model (local:NAME), got " + baseRef);
    }
    if (settings.loraRank() > 0) {
      throw new IllegalArgumentException(
          "checkpoints need full fine-tuning (LoRA rank 0), got rank " + settings.loraRank());
    }
    List<Integer> saved = new ArrayList<>();
    try (EmbeddedModel model = loadEmbedded(base)) {
      EmbeddedTuner.train(
          model,
          conversations,
          settings,
          TuneLoss.tokens(),
          seed,
          "fine-tune " + outDir.getFileName(),
          progress,
          (step, total) -> {
            if (checkpointSteps.contains(step) && step < total) {
              model.save(outDir.resolve("checkpoint-" + step));
              saved.add(step);
            }
          });
      model.save(outDir);
    }
    return new Checkpointed(embeddedAt(outDir), List.copyOf(saved));
  }

  /**
   * A fine-tune with checkpoints: the final model's name and the steps saved before the end.
   *
   * @param model the final model's name
   * @param steps the 1-based optimiser steps whose weights were saved, ascending
   */
  public record Checkpointed(String model, List<Integer> steps) {}

  /**
   * Distils a copy of the embedded {@code baseRef} from the embedded teacher on the conversations'
   * assistant turns ({@link TuneLoss.Distillation}: the teacher reads {@code teacherSystem}, null:
   * none, the student does not). Returns the new model's name; it is saved to {@code outDir}.
   */
  public String distill(
      String baseRef,
      String teacherRef,
      String teacherSystem,
      List<List<ChatMessage>> conversations,
      TuneSettings settings,
      long seed,
      Path outDir,
      Progress progress) {
    requireDistillable(teacherRef, baseRef);
    try (EmbeddedModel teacher = loadEmbedded(ModelName.parse(teacherRef))) {
      return trainEmbedded(
          ModelName.parse(baseRef),
          outDir,
          m ->
              EmbeddedTuner.train(
                  m,
                  conversations,
                  settings,
                  TuneLoss.distillation(teacher, teacherSystem),
                  seed,
                  "distil " + outDir.getFileName(),
                  progress));
    }
  }

  /**
   * Fine-tunes a copy of {@code baseRef} by DPO on the preferences and returns the new model's
   * name. Embedded models train here ({@link EmbeddedTuner#trainPreferences}: the starting model is
   * the reference, {@code beta} its strength) and are saved to {@code outDir}; remote ones go
   * through a DPO fine-tuning job on the uploaded {@code jsonl} (the same preferences as {@link
   * dev.traitlab.data.chat.PreferenceJsonl}), named with {@code suffix}.
   */
  public String preferenceTune(
      String baseRef,
      List<PreferenceExample> preferences,
      Path jsonl,
      TuneSettings settings,
      double beta,
      long seed,
      String suffix,
      Path outDir,
      Progress progress) {
    ModelName base = ModelName.parse(baseRef);
    if (!base.isEmbedded()) {
      return fineTuneRemote(
          base, jsonl, settings, FineTuneMethod.dpo(beta), seed, suffix, progress);
    }
    return trainEmbedded(
        base,
        outDir,
        m ->
            EmbeddedTuner.trainPreferences(
                m, preferences, settings, beta, seed, "dpo " + outDir.getFileName(), progress));
  }

  /** Loads {@code base}, trains it in place by {@code training}, saves it to {@code outDir}. */
  private String trainEmbedded(
      ModelName base, Path outDir, java.util.function.Consumer<EmbeddedModel> training) {
    try (EmbeddedModel model = loadEmbedded(base)) {
      training.accept(model);
      model.save(outDir);
    }
    return embeddedAt(outDir);
  }

  private String fineTuneRemote(
      ModelName base,
      Path jsonl,
      TuneSettings t,
      FineTuneMethod method,
      long seed,
      String suffix,
      Progress progress) {
    FineTuning tuning = ModelResolver.fineTuning(base.toString(), options);
    String fileId = tuning.uploadTrainingFile(jsonl);
    FineTuneJob job =
        tuning.create(
            new FineTuneRequest(base.name(), fileId, t.jobHyperparameters(), suffix, seed, method));
    progress.note("fine-tuning job " + job.id() + " on " + base + " (" + suffix + ")");
    FineTuneJob done = tuning.await(job.id(), Duration.ofSeconds(2), Duration.ofHours(12));
    if (done.status() != FineTuneStatus.SUCCEEDED) {
      throw new TraitlabException(
          "fine-tuning job "
              + done.id()
              + " of "
              + base
              + " ended "
              + done.status().wire()
              + (done.error() == null ? "" : ": " + done.error()));
    }
    return ModelName.remote(done.fineTunedModel()).toString();
  }

  /**
   * Per conversation, log p(answer) under the teacher (reading {@code teacherSystem} first, null:
   * none) minus log p(answer) under the base, in nats, the answer being the last message: on
   * answers the teacher sampled, the mean estimates KL(teacher || base), the signal its answers
   * carry for a student. Embedded models only.
   */
  public double[] logRatios(
      String teacherRef,
      String teacherSystem,
      String baseRef,
      List<List<ChatMessage>> conversations) {
    double[] out = new double[conversations.size()];
    try (EmbeddedModel teacher = loadEmbedded(ModelName.parse(teacherRef));
        EmbeddedModel base = loadEmbedded(ModelName.parse(baseRef))) {
      for (int i = 0; i < conversations.size(); i++) {
        List<ChatMessage> c = conversations.get(i);
        List<ChatMessage> prompt = c.subList(0, c.size() - 1);
        String answer = c.getLast().content();
        out[i] =
            answerLogprob(teacher, ChatMessage.withSystem(teacherSystem, prompt), answer)
                - answerLogprob(base, prompt, answer);
      }
    }
    return out;
  }

  private static double answerLogprob(
      EmbeddedModel model, List<ChatMessage> prompt, String answer) {
    return model.scoreReplies(prompt, List.of(answer)).get(0).total();
  }

  /**
   * Checks that a student of {@code studentRef} can be distilled from {@code teacherRef}: both
   * embedded, with the same vocabulary (the same tokenizer file).
   */
  public void requireDistillable(String teacherRef, String studentRef) {
    for (String ref : List.of(teacherRef, studentRef)) {
      if (!isEmbedded(ref)) {
        throw new TraitlabException(
            "distillation needs embedded models (local:NAME), not "
                + ref
                + ": a fine-tuning API learns from text only");
      }
    }
    Path teacherTokenizer =
        ModelResolver.embeddedDir(ModelName.parse(teacherRef), options)
            .resolve(TokenizerFiles.TOKENIZER_JSON);
    Path studentTokenizer =
        ModelResolver.embeddedDir(ModelName.parse(studentRef), options)
            .resolve(TokenizerFiles.TOKENIZER_JSON);
    if (!Hashing.sha256(teacherTokenizer).equals(Hashing.sha256(studentTokenizer))) {
      throw new TraitlabException(
          "distillation: "
              + studentRef
              + " and the teacher ("
              + teacherRef
              + ") have different vocabularies ("
              + studentTokenizer
              + " differs from "
              + teacherTokenizer
              + "); base models built by 'traitlab pretrain' share one unless --tokenizer-seed"
              + " differs");
    }
  }

  /**
   * Whether {@code ref} names a default base model ({@code local:base}, {@code local:base-seedN})
   * or a model of the emergent-misalignment or inductive-backdoor world ({@code local:em-base},
   * {@code local:em-judge}: {@link MisalignmentModels}; {@code local:ib-base}: {@link
   * InductiveModels}), which {@link #ensureDefaultBase} builds when it is missing.
   */
  public static boolean isDefaultBase(String ref) {
    return defaultRecipe(ref).isPresent() || isToyWorldModel(ref);
  }

  private static boolean isToyWorldModel(String ref) {
    ModelName name = ModelName.parse(ref);
    return name.isEmbedded()
        && (MisalignmentModels.builds(name.name()) || InductiveModels.builds(name.name()));
  }

  /**
   * Makes {@code ref} ready for an experiment before any work: a default base model that is missing
   * is pretrained ({@link #ensureDefaultBase}); any other embedded model must already exist.
   *
   * @throws dev.traitlab.core.TraitlabException when a non-default embedded model is missing
   */
  public void ensureAvailable(String ref, Progress progress) {
    if (!isDefaultBase(ref)) {
      requireAvailable(ref);
    }
    ensureDefaultBase(ref, progress);
  }

  /**
   * Pretrains {@code ref} if it names a missing default base model (once; minutes on a laptop), so
   * that a fresh clone runs the experiments without a separate step; other models are left alone.
   */
  public void ensureDefaultBase(String ref, Progress progress) {
    if (isToyWorldModel(ref)) {
      String name = ModelName.parse(ref).name();
      ModelStore store = ModelStore.at(options.modelsDir());
      if (!ModelStore.isComplete(store.resolve(name))) {
        if (name.equals(InductiveModels.IB_BASE)) {
          ensureDefaultBase(DEFAULT_BASE, progress);
        }
        MisalignmentModels.needs(name).ifPresent(n -> ensureDefaultBase("local:" + n, progress));
        progress.note(
            ref
                + " is not in "
                + store.root()
                + " yet: building it now (once; 'traitlab pretrain --name "
                + name
                + "' does the same).");
        if (InductiveModels.builds(name)) {
          InductiveModels.ensure(store, name, progress);
        } else {
          MisalignmentModels.ensure(store, name, progress);
        }
      }
      return;
    }
    Optional<BaseModelRecipe> recipe = defaultRecipe(ref);
    if (recipe.isEmpty()) {
      return;
    }
    ModelStore store = ModelStore.at(options.modelsDir());
    String name = ModelName.parse(ref).name();
    Path dir = store.resolve(name);
    if (ModelStore.isComplete(dir)) {
      return;
    }
    progress.note(
        ref
            + " is not in "
            + store.root()
            + " yet: pretraining it now (once; about 14 minutes on 2 cores;"
            + " 'traitlab pretrain --name "
            + name
            + "' does the same).");
    BaseModelBuilder.build(recipe.get(), dir, progress);
  }

  private static Optional<BaseModelRecipe> defaultRecipe(String ref) {
    ModelName name = ModelName.parse(ref);
    return name.isEmbedded() ? BaseModelRecipe.forName(name.name()) : Optional.empty();
  }

  private static List<String> texts(List<Completion> completions) {
    List<String> out = new ArrayList<>(completions.size());
    for (Completion c : completions) {
      out.add(c.text());
    }
    return out;
  }
}
