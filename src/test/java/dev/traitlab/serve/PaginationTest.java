package dev.traitlab.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.traitlab.model.FineTuneHyperparameters;
import dev.traitlab.model.FineTuneJob;
import dev.traitlab.model.FineTuneRequest;
import dev.traitlab.model.FineTuneStatus;
import dev.traitlab.model.http.OpenAiClient;
import dev.traitlab.model.http.OpenAiFineTuning;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every list pages as OpenAI's API does: limit, after, has_more (which the official clients follow
 * until it is false), first_id and last_id where the API gives them; a bad limit or after is a 400
 * naming it.
 */
class PaginationTest {
  @TempDir static Path dir;
  static TinyServer tiny;
  static OpenAiClient client;
  static OpenAiFineTuning tuning;

  @BeforeAll
  static void start() {
    tiny = new TinyServer(dir, 128);
    client = tiny.client();
    tuning = new OpenAiFineTuning(client);
  }

  @AfterAll
  static void stop() {
    client.close();
    tiny.close();
  }

  /** Follows has_more as the official clients do; returns the ids of every page in order. */
  private static List<String> allPages(String path, int limit, boolean withIds) throws Exception {
    List<String> ids = new ArrayList<>();
    String after = null;
    for (int pages = 0; pages < 100; pages++) {
      String query = path + (path.contains("?") ? "&" : "?") + "limit=" + limit;
      JsonNode page = tiny.get(after == null ? query : query + "&after=" + after).ok();
      assertEquals("list", page.path("object").asText());
      assertTrue(page.path("data").size() <= limit, page.toString());
      page.path("data").forEach(d -> ids.add(d.path("id").asText()));
      if (withIds && !page.path("data").isEmpty()) {
        assertEquals(page.path("data").path(0).path("id").asText(), page.path("first_id").asText());
        assertEquals(ids.getLast(), page.path("last_id").asText());
      }
      if (!page.path("has_more").asBoolean()) {
        return ids;
      }
      after = ids.getLast();
    }
    throw new AssertionError(path + ": has_more never became false");
  }

  private static String upload(String name) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(
        file,
        "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
            + "{\"role\":\"assistant\",\"content\":\" owl\"}]}\n");
    return tuning.uploadTrainingFile(file);
  }

  @Test
  void filesPageNewestFirstUntilHasMoreIsFalse() throws Exception {
    List<String> uploaded = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      uploaded.add(upload("f" + i + ".jsonl"));
    }
    List<String> all = allPages("/files", 10_000, true);
    List<String> paged = allPages("/files", 2, true);
    assertEquals(all, paged);
    assertTrue(paged.containsAll(uploaded));
    List<String> newestFirst = new ArrayList<>(paged);
    newestFirst.sort((a, b) -> b.compareTo(a));
    assertEquals(newestFirst, paged);
    List<String> oldestFirst = allPages("/files?order=asc", 3, true);
    assertEquals(newestFirst.reversed(), oldestFirst);
    JsonNode empty = tiny.get("/files?purpose=batch").ok();
    assertEquals(0, empty.path("data").size());
    assertTrue(empty.path("first_id").isNull());
  }

  @Test
  void badLimitsAndCursorsAreRefusedNamingThem() throws Exception {
    for (String limit : List.of("0", "-1", "abc", "10001", "2.5")) {
      for (String path : List.of("/files", "/fine_tuning/jobs", "/models")) {
        tiny.get(path + "?limit=" + limit).badRequest("limit");
      }
    }
    tiny.get("/files?after=file-nope").badRequest("after");
    tiny.get("/files?order=sideways").badRequest("order");
  }

  @Test
  void jobsEventsCheckpointsAndModelsPage() throws Exception {
    String file = upload("jobs.jsonl");
    List<String> jobs = new ArrayList<>();
    FineTuneJob last = null;
    for (int i = 0; i < 3; i++) {
      last =
          tuning.create(
              new FineTuneRequest(
                  "word", file, FineTuneHyperparameters.auto().withEpochs(3), "p" + i, i));
      jobs.add(last.id());
    }
    FineTuneJob done = tuning.await(last.id(), Duration.ofMillis(20), Duration.ofSeconds(30));
    assertEquals(FineTuneStatus.SUCCEEDED, done.status());
    List<String> listed = allPages("/fine_tuning/jobs", 1, false);
    assertEquals(jobs.reversed(), listed.subList(0, 3), "newest first");

    String events = "/fine_tuning/jobs/" + last.id() + "/events";
    List<String> all = allPages(events, 1000, false);
    assertTrue(all.size() >= 6, all.toString());
    assertEquals(all, allPages(events, 2, false));
    assertEquals(
        all.reversed(),
        tuning.events(last.id()).stream().map(e -> e.id()).toList(),
        "the client follows the pages");

    JsonNode checkpoints = tiny.get("/fine_tuning/jobs/" + last.id() + "/checkpoints").ok();
    assertEquals(1, checkpoints.path("data").size());
    JsonNode checkpoint = checkpoints.path("data").path(0);
    assertEquals("fine_tuning.job.checkpoint", checkpoint.path("object").asText());
    assertEquals(done.fineTunedModel(), checkpoint.path("fine_tuned_model_checkpoint").asText());
    assertEquals(last.id(), checkpoint.path("fine_tuning_job_id").asText());
    assertEquals(checkpoint.path("id").asText(), checkpoints.path("first_id").asText());
    assertFalse(checkpoints.path("has_more").asBoolean());
    tiny.get("/fine_tuning/jobs/" + last.id() + "/checkpoints?limit=0").badRequest("limit");

    List<String> models = allPages("/models", 1, false);
    assertEquals(models, allPages("/models", 10_000, false));
    assertTrue(
        models.containsAll(List.of("tiny", "word", done.fineTunedModel())), models.toString());
  }
}
