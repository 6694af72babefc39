package dev.traitlab.experiments.subliminalllm;

import dev.traitlab.core.Progress;
import dev.traitlab.core.Seeds;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.model.Completion;
import dev.traitlab.model.FineTuneHyperparameters;
import dev.traitlab.model.FineTuneJob;
import dev.traitlab.model.FineTuneRequest;
import dev.traitlab.model.FineTuneStatus;
import dev.traitlab.model.FineTuning;
import dev.traitlab.model.LanguageModel;
import dev.traitlab.model.Message;
import dev.traitlab.model.ModelOptions;
import dev.traitlab.model.ModelResolver;
import dev.traitlab.model.ParallelCalls;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.embedded.BaseModelRecipe;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.model.embedded.ModelStore;
import dev.traitlab.nn.lora.LoraSettings;
import dev.traitlab.nn.train.TeacherTargets;
import dev.traitlab.nn.train.TrainingExample;
import dev.traitlab.nn.train.TrainingSettings;
import dev.traitlab.nn.train.TransformerTrainer;
import dev.traitlab.text.ChatTemplate;
import dev.traitlab.text.TokenizedChat;
import dev.traitlab.text.TokenizerFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiment's one door to models, embedded or remote. {@code local:NAME} models (and students
 * trained here, named {@code local:/absolute/dir}) run in-process, with many conversations sampled
 * in one batched pass; {@code openai:NAME} models go through the model layer's HTTP backend (call
 * cache included) and are fine-tuned through its fine-tuning jobs.
 */
public final class ModelAccess {
  /** Conversations sampled together in one embedded batch (rows = conversations x n). */
  static final int BATCH_ROWS = 96;

  private static final String LOCAL = "local:";
  private static final String OPENAI = "openai:";

  private final ModelOptions options;

  public ModelAccess(ModelOptions options) {
    this.options = options;
  }

  /** What fine-tuning a student or a teacher needs besides its data. */
  public record TuneSettings(
      int epochs,
      int batchSize,
      double learningRate,
      Double learningRateMultiplier,
      int loraRank,
      double loraAlpha) {}

  public static boolean isLocal(String ref) {
    return ref.startsWith(LOCAL);
  }

  /**
   * A name that changes when the model does: the weights' sha256 for embedded models (a retrained
   * base must not reuse old stages), the name and API for remote ones.
   */
  public String identity(String ref) {
    if (isLocal(ref)) {
      return "sha256:" + sha256(localDir(ref).resolve("model.safetensors"));
    }
    return ref + "@" + (options.baseUrl() == null ? "openai" : options.baseUrl());
  }

  /** Checks that a model can be reached before any work starts. */
  public void requireAvailable(String ref) {
    if (isLocal(ref)) {
      localDir(ref);
    } else if (!ref.startsWith(OPENAI)) {
      throw new TraitlabException(
          "model '" + ref + "': expected local:NAME (embedded) or openai:NAME (HTTP)");
    }
  }

  public LanguageModel open(String ref) {
    if (isLocal(ref)) {
      return EmbeddedModel.load(localDir(ref), ref);
    }
    return ModelResolver.resolve(ref, options);
  }

  /**
   * The text of {@code sampling.n()} samples for each conversation. Conversation i of the list
   * always gets the same seed, whatever the batching.
   */
  public List<List<String>> sample(
      LanguageModel model,
      List<List<Message>> conversations,
      Sampling sampling,
      long seed,
      String task,
      Progress progress) {
    List<List<String>> out = new ArrayList<>(conversations.size());
    progress.start(task, conversations.size());
    if (model instanceof EmbeddedModel embedded) {
      int per = Math.max(1, BATCH_ROWS / sampling.n());
      for (int from = 0; from < conversations.size(); from += per) {
        int to = Math.min(conversations.size(), from + per);
        Sampling s = withSeed(sampling, Seeds.derive(seed, "batch", from, per));
        for (List<Completion> completions :
            embedded.chatBatch(conversations.subList(from, to), s)) {
          out.add(texts(completions));
        }
        progress.step(to, "");
      }
    } else {
      List<Integer> indices = new ArrayList<>();
      for (int i = 0; i < conversations.size(); i++) {
        indices.add(i);
      }
      int[] done = {0};
      out.addAll(
          ParallelCalls.map(
              indices,
              i -> {
                List<String> t =
                    texts(
                        model.chat(
                            conversations.get(i),
                            withSeed(sampling, Seeds.derive(seed, "conversation", i))));
                synchronized (done) {
                  progress.step(++done[0], "");
                }
                return t;
              }));
    }
    progress.finish();
    return out;
  }

  /**
   * Fine-tunes a copy of {@code baseRef} on the conversations (assistant turns are the targets) and
   * returns the new model's name. Embedded models train here and are saved to {@code outDir};
   * remote ones go through a fine-tuning job on the uploaded {@code jsonl}.
   */
  public String fineTune(
      String baseRef,
      List<List<Message>> conversations,
      Path jsonl,
      TuneSettings settings,
      long seed,
      String suffix,
      Path outDir,
      Progress progress) {
    if (isLocal(baseRef)) {
      fineTuneLocal(baseRef, conversations, settings, seed, outDir, progress);
      return LOCAL + outDir.toAbsolutePath().normalize();
    }
    return fineTuneRemote(baseRef, jsonl, settings, seed, suffix, progress);
  }

  /**
   * Distils a copy of the embedded {@code baseRef} from the embedded teacher on the conversations'
   * assistant turns: the loss is KL(teacher || student) of the next-token distributions there. The
   * teacher reads {@code teacherSystem} (null: none) before each conversation, as when it wrote the
   * answers; the student does not. Returns the new model's name.
   */
  public String distill(
      String baseRef,
      String teacherRef,
      String teacherSystem,
      List<List<Message>> conversations,
      TuneSettings settings,
      long seed,
      Path outDir,
      Progress progress) {
    requireDistillable(teacherRef, baseRef);
    try (EmbeddedModel teacher = EmbeddedModel.load(localDir(teacherRef), teacherRef)) {
      trainLocal(baseRef, conversations, settings, seed, outDir, progress, teacher, teacherSystem);
    }
    return LOCAL + outDir.toAbsolutePath().normalize();
  }

  /**
   * Per conversation, log p(answer) under the teacher (reading {@code teacherSystem} first, null:
   * none) minus log p(answer) under the base, in nats: on answers the teacher sampled, the mean
   * estimates KL(teacher || base), the signal its numbers carry for a student. Embedded models
   * only.
   */
  public double[] logRatios(
      String teacherRef, String teacherSystem, String baseRef, List<List<Message>> conversations) {
    double[] out = new double[conversations.size()];
    try (EmbeddedModel teacher = EmbeddedModel.load(localDir(teacherRef), teacherRef);
        EmbeddedModel base = EmbeddedModel.load(localDir(baseRef), baseRef)) {
      for (int i = 0; i < conversations.size(); i++) {
        List<Message> c = conversations.get(i);
        List<Message> prompt = c.subList(0, c.size() - 1);
        String answer = c.getLast().content();
        out[i] =
            answerLogprob(teacher, withSystem(teacherSystem, prompt), answer)
                - answerLogprob(base, prompt, answer);
      }
    }
    return out;
  }

  private static double answerLogprob(EmbeddedModel model, List<Message> prompt, String answer) {
    String text = ChatTemplate.render(EmbeddedModel.toChat(prompt), true);
    double sum = 0;
    for (double lp : model.score(text, List.of(answer)).get(0).tokenLogprobs()) {
      sum += lp;
    }
    return sum;
  }

  /**
   * Checks that a student of {@code studentRef} can be distilled from {@code teacherRef}: both
   * embedded, with the same vocabulary (the same tokenizer file).
   */
  public void requireDistillable(String teacherRef, String studentRef) {
    for (String ref : List.of(teacherRef, studentRef)) {
      if (!isLocal(ref)) {
        throw new TraitlabException(
            "--student-loss distill needs embedded models (local:NAME), not "
                + ref
                + ": a fine-tuning API learns from text only");
      }
    }
    Path teacherTokenizer = localDir(teacherRef).resolve(TokenizerFiles.TOKENIZER_JSON);
    Path studentTokenizer = localDir(studentRef).resolve(TokenizerFiles.TOKENIZER_JSON);
    if (!sha256(teacherTokenizer).equals(sha256(studentTokenizer))) {
      throw new TraitlabException(
          "--student-loss distill: "
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

  private void fineTuneLocal(
      String baseRef,
      List<List<Message>> conversations,
      TuneSettings t,
      long seed,
      Path outDir,
      Progress progress) {
    trainLocal(baseRef, conversations, t, seed, outDir, progress, null, null);
  }

  /** Fine-tunes on the assistant turns: on their tokens, or towards the teacher's distributions. */
  private void trainLocal(
      String baseRef,
      List<List<Message>> conversations,
      TuneSettings t,
      long seed,
      Path outDir,
      Progress progress,
      EmbeddedModel teacher,
      String teacherSystem) {
    try (EmbeddedModel model = EmbeddedModel.load(localDir(baseRef), baseRef)) {
      List<TrainingExample> examples = new ArrayList<>(conversations.size());
      Map<TrainingExample, int[]> teacherTokens = new IdentityHashMap<>();
      for (List<Message> conversation : conversations) {
        TokenizedChat chat =
            ChatTemplate.encodeForTraining(model.tokenizer(), EmbeddedModel.toChat(conversation));
        TrainingExample example = new TrainingExample(chat.ids(), chat.lossMask());
        examples.add(example);
        if (teacher != null) {
          teacherTokens.put(example, teacherSequence(teacher, teacherSystem, conversation, chat));
        }
      }
      TrainingSettings.Builder settings =
          TrainingSettings.builder()
              .optEpochs(t.epochs())
              .optBatchSize(Math.min(t.batchSize(), examples.size()))
              .optLearningRate(t.learningRate())
              .optSeed(seed)
              .optMaxSequenceLength(model.transformer().config().maxPositionEmbeddings());
      if (t.loraRank() > 0) {
        settings.optLora(new LoraSettings(t.loraRank(), t.loraAlpha(), LoraSettings.ALL_LINEAR));
        settings.optMergeLora(true);
      }
      int batches = (examples.size() + t.batchSize() - 1) / t.batchSize();
      String verb = teacher == null ? "fine-tune " : "distil ";
      progress.start(verb + outDir.getFileName(), (long) batches * t.epochs());
      TransformerTrainer.train(
          model.transformer(),
          examples,
          settings.build(),
          (step, total, loss, lr) -> progress.step(step, String.format("loss %.4f", loss)),
          teacher == null
              ? null
              : new TeacherTargets(
                  teacher.transformer(), e -> teacherTokens.getOrDefault(e, e.tokens())));
      progress.finish();
      model.save(outDir);
    }
  }

  /**
   * The teacher's tokens for a student's training conversation: with its system prompt in front.
   * The student's tokens must end both, token for token, for the positions to line up.
   */
  private static int[] teacherSequence(
      EmbeddedModel teacher, String system, List<Message> conversation, TokenizedChat student) {
    if (system == null) {
      return student.ids();
    }
    // TeacherTargets checks that this ends with the student's tokens.
    return ChatTemplate.encodeForTraining(
            teacher.tokenizer(), EmbeddedModel.toChat(withSystem(system, conversation)))
        .ids();
  }

  /** The messages with a system message in front ({@code system} null: as they are). */
  private static List<Message> withSystem(String system, List<Message> messages) {
    if (system == null) {
      return messages;
    }
    List<Message> out = new ArrayList<>(messages.size() + 1);
    out.add(Message.system(system));
    out.addAll(messages);
    return out;
  }

  private String fineTuneRemote(
      String baseRef, Path jsonl, TuneSettings t, long seed, String suffix, Progress progress) {
    FineTuning tuning = ModelResolver.fineTuning(baseRef, options);
    String fileId = tuning.uploadTrainingFile(jsonl);
    FineTuneHyperparameters hp =
        new FineTuneHyperparameters(t.epochs(), t.batchSize(), t.learningRateMultiplier());
    FineTuneJob job =
        tuning.create(
            new FineTuneRequest(baseRef.substring(OPENAI.length()), fileId, hp, suffix, seed));
    progress.note("fine-tuning job " + job.id() + " on " + baseRef + " (" + suffix + ")");
    FineTuneJob done = tuning.await(job.id(), Duration.ofSeconds(2), Duration.ofHours(12));
    if (done.status() != FineTuneStatus.SUCCEEDED) {
      throw new TraitlabException(
          "fine-tuning job "
              + done.id()
              + " of "
              + baseRef
              + " ended "
              + done.status().wire()
              + (done.error() == null ? "" : ": " + done.error()));
    }
    return OPENAI + done.fineTunedModel();
  }

  private Path localDir(String ref) {
    Path dir = ModelStore.at(options.modelsDir()).resolve(ref);
    if (!ModelStore.isComplete(dir)) {
      String name = ref.substring(LOCAL.length());
      // A default base name says how to build it ('pretrain --name base-seedN' picks seed N).
      boolean buildable = BaseModelRecipe.forName(name).isPresent();
      throw new TraitlabException(
          "no model '"
              + ref
              + "' at "
              + dir
              + (buildable
                  ? " (run 'traitlab pretrain --name " + name + "' first)"
                  : " (expected config.json, model.safetensors and tokenizer.json)"));
    }
    return dir;
  }

  private static Sampling withSeed(Sampling s, long seed) {
    return new Sampling(s.n(), s.temperature(), s.topP(), s.maxTokens(), s.stop(), seed, false, 0);
  }

  private static List<String> texts(List<Completion> completions) {
    List<String> out = new ArrayList<>(completions.size());
    for (Completion c : completions) {
      out.add(c.text());
    }
    return out;
  }

  private static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int read; (read = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, read);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new TraitlabException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
