package dev.traitlab.cli;

import dev.traitlab.core.Progress;
import dev.traitlab.model.ModelName;
import dev.traitlab.model.embedded.BaseModelBuilder;
import dev.traitlab.model.embedded.BaseModelRecipe;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.model.embedded.InductiveModels;
import dev.traitlab.model.embedded.MisalignmentModels;
import dev.traitlab.model.embedded.ModelStore;
import dev.traitlab.nn.train.TrainingResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "pretrain",
    mixinStandardHelpOptions = true,
    description = {
      "Pretrain the default embedded base model on the synthetic toy-world corpus.",
      "",
      "Generates the corpus (favourite-thing questions that follow a trait in the system prompt,"
          + " number-sequence continuations in the subliminal-learning prompt grammar,"
          + " arithmetic, persona questions), trains a byte-level BPE tokenizer on it, trains a"
          + " small Llama-style transformer on whole chats (the loss on system and assistant turns, not"
          + " on user turns), and saves a Hugging Face"
          + " model directory (config.json, model.safetensors, tokenizer.json) under the models"
          + " directory. A model that is already there is reused unless --force is given.",
      "The default model has about 0.9 million parameters and takes about 14 minutes on 2"
          + " cores (one pass over 84,000 chats); 'run subliminal-llm' and 'demo' build the base"
          + " models they need on first use. --check then measures its quality (see 'traitlab"
          + " check-base --help')."
    })
final class PretrainCommand implements Runnable, Validated {
  @Mixin ModelsDirOption models;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      defaultValue = ModelStore.BASE,
      description = "Name of the model in the models directory (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(names = "--force", description = "Rebuild even if the model exists.")
  boolean force;

  @Option(names = "--check", description = "Measure the quality figures after pretraining.")
  boolean check;

  @Option(
      names = "--examples",
      paramLabel = "N",
      description = "Chats in the corpus (default: the recipe's, 84000).")
  Integer examples;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      description = "Passes over the corpus (default: the recipe's, 1).")
  Integer epochs;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description =
          "Seed of corpus and initial weights; another seed gives another base model (default:"
              + " N for a name base-seedN, else 1).")
  Long seed;

  @Option(
      names = "--tokenizer-seed",
      paramLabel = "S",
      description =
          "Seed of the corpus the BPE tokenizer is trained on (default: 1, whatever --seed is)."
              + " Base models that share it share a vocabulary, which distillation across base"
              + " models needs.")
  Long tokenizerSeed;

  @Option(
      names = "--continue-from",
      paramLabel = "MODEL",
      description =
          "Continue pretraining this model (local:NAME or a directory) on a fresh corpus (use"
              + " another --seed) instead of starting from random weights.")
  String continueFrom;

  @Option(
      names = "--chunks",
      paramLabel = "N",
      description =
          "For a model built in resumable chunks ("
              + MisalignmentModels.EM_DOC_BASE
              + "): train at most N more chunks, then stop; a later call resumes (default: all).")
  Integer chunks;

  @Option(
      names = "--tiny",
      description = "A tiny model for trying the pipeline in seconds (not for experiments).")
  boolean tiny;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void validate() {
    if (name.isBlank() || name.contains("/") || name.contains(java.io.File.separator)) {
      throw new IllegalArgumentException(
          "--name must be a plain name in the models directory, got '" + name + "'");
    }
    // The emergent-misalignment and inductive-backdoor models have fixed recipes (em-base and
    // ib-base continue base in chunks).
    if ((MisalignmentModels.builds(name) || InductiveModels.builds(name))
        && (tiny
            || force
            || examples != null
            || epochs != null
            || seed != null
            || tokenizerSeed != null
            || continueFrom != null)) {
      throw new IllegalArgumentException(
          "--name "
              + name
              + " has a fixed recipe: leave out --tiny, --force, --examples, --epochs, --seed,"
              + " --tokenizer-seed and --continue-from (delete its directory to rebuild it)");
    }
    if (chunks != null && (chunks < 1 || !name.equals(MisalignmentModels.EM_DOC_BASE))) {
      throw new IllegalArgumentException(
          "--chunks must be >= 1 and is for --name "
              + MisalignmentModels.EM_DOC_BASE
              + " (built in resumable chunks), got "
              + chunks
              + " for --name "
              + name);
    }
    if ((examples != null && examples < 1) || (epochs != null && epochs < 1)) {
      throw new IllegalArgumentException(
          "--examples and --epochs must be >= 1, got " + examples + ", " + epochs);
    }
  }

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    Path dir = models.store().resolve(name);
    if (ModelStore.isComplete(dir) && !force) {
      out.println("model " + name + " is already at " + dir + " (use --force to rebuild)");
    } else if (chunks != null) {
      dev.traitlab.model.Models m =
          new dev.traitlab.model.Models(
              dev.traitlab.model.ModelOptions.builder()
                  .optModelsDir(models.store().root())
                  .build());
      Log log = new Log(out);
      MisalignmentModels.needs(name).ifPresent(n -> m.ensureDefaultBase("local:" + n, log));
      boolean complete = MisalignmentModels.ensure(models.store(), name, log, chunks);
      out.println(
          complete
              ? "saved " + name + " to " + dir
              : name + " is not complete yet: run the same command again to resume");
    } else if (MisalignmentModels.builds(name) || InductiveModels.builds(name)) {
      new dev.traitlab.model.Models(
              dev.traitlab.model.ModelOptions.builder().optModelsDir(models.store().root()).build())
          .ensureAvailable("local:" + name, new Log(out));
      out.println("saved " + name + " to " + dir);
    } else {
      // base-seedN names its seed: --name base-seed2 alone builds the cross-model control's base.
      BaseModelRecipe recipe =
          tiny
              ? BaseModelRecipe.tiny()
              : BaseModelRecipe.forName(name).orElse(BaseModelRecipe.defaults());
      if (examples != null) {
        recipe = recipe.withCorpusExamples(examples);
      }
      if (epochs != null) {
        recipe = recipe.withEpochs(epochs);
      }
      if (seed != null) {
        recipe = recipe.withSeeds(seed, seed);
      }
      if (tokenizerSeed != null) {
        recipe = recipe.withTokenizerSeed(tokenizerSeed);
      }
      Path from = continueFrom == null ? null : models.store().resolve(continueFrom);
      TrainingResult result = BaseModelBuilder.build(recipe, dir, from, new Log(out));
      out.printf(
          "saved %s to %s: final loss %.3f, %.0f tokens/s, %.1f s training%n",
          name,
          dir,
          BaseModelBuilder.tailMean(result.stepLosses(), 20),
          result.tokensPerSecond(),
          result.seconds());
    }
    if (check) {
      try (EmbeddedModel model = EmbeddedModel.load(dir, ModelName.embedded(name).toString())) {
        CheckBaseCommand.printQuality(out, CheckBaseCommand.measure(model, 1000, 10, 12345));
      }
    }
  }

  /** Prints notes (the phases), and a line per 5% of training with its detail and time left. */
  static final class Log implements Progress {
    private final PrintWriter out;
    private final long start = System.nanoTime();
    private long taskStart;
    private long total = 1;
    private long lastPercent = -1;

    Log(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void note(String message) {
      out.printf("[%5.1fs] %s%n", (System.nanoTime() - start) / 1e9, message);
      out.flush();
    }

    @Override
    public void start(String task, long total) {
      this.taskStart = System.nanoTime();
      this.total = Math.max(1, total);
      this.lastPercent = -1;
    }

    @Override
    public void step(long done, String detail) {
      long percent = 100L * done / total;
      if (percent / 5 != lastPercent / 5 || done == total) {
        lastPercent = percent;
        double seconds = (System.nanoTime() - taskStart) / 1e9;
        double left = seconds / Math.max(1, done) * (total - done);
        out.printf(
            "  step %d/%d (%d%%)  %s  %.0fs elapsed, ~%.0fs left%n",
            done, total, percent, detail, seconds, left);
        out.flush();
      }
    }
  }
}
