package dev.traitlab.serve;

import dev.traitlab.core.Progress;
import dev.traitlab.core.TextFiles;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.data.chat.ChatJsonl;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.data.chat.PreferenceExample;
import dev.traitlab.data.chat.PreferenceJsonl;
import dev.traitlab.model.FineTunable;
import dev.traitlab.model.FineTuneEvent;
import dev.traitlab.model.FineTuneHyperparameters;
import dev.traitlab.model.FineTuneJob;
import dev.traitlab.model.FineTuneMethod;
import dev.traitlab.model.FineTuneStatus;
import dev.traitlab.model.LanguageModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs fine-tuning jobs of {@link FineTunable} models one at a time on a background thread (they
 * use every core) and serves each result as a new model, {@code ft:BASE:SUFFIX:JOB}. A job that
 * succeeds has one checkpoint, its final model (traitlab keeps no intermediate ones).
 */
final class FineTuningService implements AutoCloseable {

  /** A model a job saved: id, when, the model's id, its job, and the step it was saved at. */
  record Checkpoint(String id, long createdAt, String model, String jobId, long step) {}

  private static final Logger LOG = LoggerFactory.getLogger(FineTuningService.class);

  private final ModelRegistry registry;
  private final boolean verbose;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "traitlab-fine-tuning");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final AtomicLong jobCounter = new AtomicLong();
  private final AtomicLong eventCounter = new AtomicLong();
  private final AtomicLong checkpointCounter = new AtomicLong();

  FineTuningService(ModelRegistry registry, boolean verbose) {
    this.registry = registry;
    this.verbose = verbose;
  }

  /**
   * Mutable state of one job; the snapshot methods read it under its lock. As the fine-tune's
   * progress it logs notes as events and every tenth step (and the last) as "Step i/n: ...".
   */
  private final class Job implements Progress {
    final String id;
    final String baseModel;
    final String trainingFile;
    final FineTuneHyperparameters hyperparameters;
    final FineTuneMethod method;
    final String suffix;
    final long seed;
    final long createdAt = Instant.now().getEpochSecond();
    final List<FineTuneEvent> events = new CopyOnWriteArrayList<>();
    FineTuneStatus status = FineTuneStatus.QUEUED;
    String fineTunedModel;
    Checkpoint checkpoint;
    Long finishedAt;
    String error;
    volatile boolean cancelRequested;
    long steps;

    Job(
        String id,
        String base,
        String file,
        FineTuneHyperparameters hp,
        FineTuneMethod method,
        String suffix,
        long seed) {
      this.id = id;
      this.baseModel = base;
      this.trainingFile = file;
      this.hyperparameters = hp;
      this.method = method;
      this.suffix = suffix;
      this.seed = seed;
    }

    @Override
    public void note(String message) {
      log("info", message);
    }

    @Override
    public void start(String task, long total) {
      steps = total;
    }

    @Override
    public void step(long done, String detail) {
      if (done == steps || done % 10 == 0) {
        log("info", "Step " + done + "/" + steps + ": " + detail);
      }
    }

    void log(String level, String message) {
      events.add(
          new FineTuneEvent(
              "ftevent-" + eventCounter.incrementAndGet(),
              Instant.now().getEpochSecond(),
              level,
              message));
    }

    @Override
    public boolean cancelled() {
      return cancelRequested;
    }

    synchronized void finish(FineTuneStatus finalStatus, String model, String errorMessage) {
      status = finalStatus;
      fineTunedModel = model;
      error = errorMessage;
      finishedAt = Instant.now().getEpochSecond();
    }

    synchronized FineTuneJob snapshot() {
      return new FineTuneJob(
          id,
          baseModel,
          trainingFile,
          status,
          fineTunedModel,
          hyperparameters,
          seed,
          createdAt,
          finishedAt,
          error,
          method);
    }
  }

  FineTuneJob create(
      String baseModel,
      FileStore.StoredFile file,
      FineTuneHyperparameters hyperparameters,
      FineTuneMethod method,
      String suffix,
      long seed) {
    ModelRegistry.Entry base =
        registry.find(baseModel).orElseThrow(() -> ApiError.modelNotFound(baseModel));
    if (!(base.model() instanceof FineTunable tunable)) {
      throw ApiError.badRequest("model", "The model '" + baseModel + "' cannot be fine-tuned");
    }
    String validated;
    Training training;
    if (method instanceof FineTuneMethod.Dpo dpo) {
      List<PreferenceExample> preferences = readPreferences(file);
      validated = preferences.size() + " preference pairs";
      training =
          (name, progress) ->
              tunable.fineTunePreferences(preferences, hyperparameters, dpo, seed, name, progress);
    } else {
      List<List<ChatMessage>> conversations = readConversations(file);
      validated = conversations.size() + " examples";
      training =
          (name, progress) ->
              tunable.fineTune(conversations, hyperparameters, seed, name, progress);
    }
    String id = "ftjob-" + String.format("%06d", jobCounter.incrementAndGet());
    Job job = new Job(id, baseModel, file.id(), hyperparameters, method, suffix, seed);
    jobs.put(id, job);
    job.log("info", "Validated training file " + file.id() + ": " + validated);
    job.log("info", "Fine-tuning job queued");
    worker.submit(() -> run(job, training));
    return job.snapshot();
  }

  /** A job's training, once its file is read: the new model's name and progress in, model out. */
  @FunctionalInterface
  private interface Training {
    LanguageModel train(String newName, Progress progress);
  }

  private void run(Job job, Training training) {
    synchronized (job) {
      if (job.cancelRequested) {
        return;
      }
      job.status = FineTuneStatus.RUNNING;
    }
    job.log("info", "Fine-tuning job started");
    String newId =
        "ft:" + job.baseModel + ":" + (job.suffix == null ? "traitlab" : job.suffix) + ":" + job.id;
    try {
      LanguageModel tuned = training.train(newId, job);
      registry.add(newId, tuned, "user");
      job.log("info", "New model created: " + newId);
      synchronized (job) {
        job.checkpoint =
            new Checkpoint(
                "ftckpt-" + String.format("%06d", checkpointCounter.incrementAndGet()),
                Instant.now().getEpochSecond(),
                newId,
                job.id,
                job.steps);
      }
      job.finish(FineTuneStatus.SUCCEEDED, newId, null);
      job.log("info", "The job has successfully completed");
    } catch (CancellationException e) {
      job.finish(FineTuneStatus.CANCELLED, null, null);
      job.log("info", "Fine-tuning job cancelled");
    } catch (RuntimeException | Error e) {
      OpenAiServer.logFailure(LOG, verbose, "fine-tuning job " + job.id, e);
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      job.finish(FineTuneStatus.FAILED, null, message);
      job.log("error", "Fine-tuning failed: " + message);
    }
  }

  /** Reads chat JSONL in OpenAI's fine-tuning format; errors name the file and line. */
  static List<List<ChatMessage>> readConversations(FileStore.StoredFile file) {
    return readLines(
        file,
        (line, where) -> ChatJsonl.parseLine(line, where).messages(),
        "training file " + file.id() + " has no examples");
  }

  /**
   * Reads preference JSONL in OpenAI's DPO format; errors name the file, line and field ({@link
   * PreferenceJsonl}).
   */
  static List<PreferenceExample> readPreferences(FileStore.StoredFile file) {
    return readLines(
        file,
        PreferenceJsonl::parseLine,
        "training file " + file.id() + " has no preference pairs");
  }

  /**
   * Parses each non-blank line of an uploaded JSONL file, told where it is ("training file ID line
   * N"); any problem, or no lines, is a 400 on {@code training_file}.
   */
  private static <T> List<T> readLines(
      FileStore.StoredFile file, BiFunction<String, String, T> parse, String whenEmpty) {
    List<T> out = new ArrayList<>();
    try {
      String[] lines =
          TextFiles.decode(file.content(), "training file " + file.id()).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (!lines[i].isBlank()) {
          out.add(parse.apply(lines[i], "training file " + file.id() + " line " + (i + 1)));
        }
      }
    } catch (TraitlabException e) {
      throw ApiError.badRequest("training_file", e.getMessage());
    }
    if (out.isEmpty()) {
      throw ApiError.badRequest("training_file", whenEmpty);
    }
    return out;
  }

  FineTuneJob retrieve(String id) {
    return job(id).snapshot();
  }

  List<FineTuneEvent> events(String id) {
    return List.copyOf(job(id).events);
  }

  /** The job's checkpoints, newest first: its final model once it has succeeded, else none. */
  List<Checkpoint> checkpoints(String id) {
    Job job = job(id);
    synchronized (job) {
      return job.checkpoint == null ? List.of() : List.of(job.checkpoint);
    }
  }

  FineTuneJob cancel(String id) {
    Job job = job(id);
    synchronized (job) {
      if (job.status.terminal()) {
        throw ApiError.badRequest(null, "Job " + id + " has already " + job.status.wire());
      }
      job.cancelRequested = true;
      if (job.status == FineTuneStatus.QUEUED) {
        job.finish(FineTuneStatus.CANCELLED, null, null);
        job.log("info", "Fine-tuning job cancelled");
      }
    }
    return job.snapshot();
  }

  List<FineTuneJob> list() {
    List<FineTuneJob> result = new ArrayList<>();
    for (Job job : jobs.values()) {
      result.add(job.snapshot());
    }
    result.sort((a, b) -> b.id().compareTo(a.id()));
    return result;
  }

  private Job job(String id) {
    Job job = jobs.get(id);
    if (job == null) {
      throw ApiError.notFound("fine-tuning job", id);
    }
    return job;
  }

  @Override
  public void close() {
    jobs.values().forEach(j -> j.cancelRequested = true);
    worker.shutdownNow();
  }
}
