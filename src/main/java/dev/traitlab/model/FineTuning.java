package dev.traitlab.model;

import dev.traitlab.core.TraitlabException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Fine-tuning as a service: upload chat JSONL (OpenAI's fine-tuning format; preference JSONL for
 * DPO jobs), start a job, follow it, and get the id of the new model, which the same backend then
 * serves.
 */
public interface FineTuning {

  /**
   * Uploads a fine-tuning file (chat JSONL for supervised jobs, preference JSONL for DPO) and
   * returns its file id.
   */
  String uploadTrainingFile(Path chatJsonl);

  FineTuneJob create(FineTuneRequest request);

  FineTuneJob retrieve(String jobId);

  /** The job's events, oldest first. */
  List<FineTuneEvent> events(String jobId);

  FineTuneJob cancel(String jobId);

  /** The most recent jobs, newest first. */
  List<FineTuneJob> list(int limit);

  /** Models the backend serves, including finished fine-tunes. */
  List<String> listModels();

  /**
   * Whether the service still serves the model {@code id} (a fine-tune a cached stage names may be
   * gone: a restarted {@code traitlab serve} keeps its fine-tunes in memory only).
   */
  default boolean hasModel(String id) {
    return listModels().contains(id);
  }

  /**
   * The name to resolve a finished job's model by ({@code local:NAME} or {@code openai:NAME}), or
   * null while it has none.
   */
  String modelReference(FineTuneJob job);

  /** Polls until the job reaches a terminal state, then returns it. */
  default FineTuneJob await(String jobId, Duration pollInterval, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      FineTuneJob job = retrieve(jobId);
      if (job.status().terminal()) {
        return job;
      }
      if (System.nanoTime() > deadline) {
        throw new TraitlabException(
            "fine-tuning job " + jobId + " still " + job.status().wire() + " after " + timeout);
      }
      try {
        Thread.sleep(pollInterval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TraitlabException("interrupted while waiting for fine-tuning job " + jobId, e);
      }
    }
  }
}
