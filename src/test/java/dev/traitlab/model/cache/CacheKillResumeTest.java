package dev.traitlab.model.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.Completion;
import dev.traitlab.model.Sampling;
import dev.traitlab.testing.WordModel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process making cached calls is killed (SIGKILL) mid-run; every call it reported complete is in
 * the cache, and the resumed run makes only the missing calls and ends with the results of an
 * uninterrupted run.
 */
class CacheKillResumeTest {
  private static final int CALLS = 100;

  static List<ChatMessage> chat(int i) {
    return List.of(ChatMessage.user("Question " + i));
  }

  static Sampling sampling(int i) {
    return Sampling.builder().optN(2).optSeed(1000 + i).optMaxTokens(6).build();
  }

  @Test
  void killedRunLosesNoCompletedCallAndResumes(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("calls.sqlite");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                CacheKillChild.class.getName(),
                file.toString(),
                Integer.toString(CALLS))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    List<Integer> reported = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("done ")) {
          reported.add(Integer.parseInt(line.substring(5)));
        }
        if (reported.size() == 10) {
          child.destroyForcibly();
          break;
        }
      }
    }
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    assertEquals(10, reported.size(), "child reported 10 calls before the kill");

    WordModel resumed = new WordModel("word");
    List<List<Completion>> results = new ArrayList<>();
    try (CachedModel model = new CachedModel(resumed, "local:word", CallCache.open(file))) {
      for (int i : reported) {
        String key = "reported call " + i;
        assertTrue(
            model.chat(chat(i), sampling(i)) != null && resumed.calls() == 0,
            key + " was recomputed");
      }
      for (int i = 0; i < CALLS; i++) {
        results.add(model.chat(chat(i), sampling(i)));
      }
      long stored = model.hits() - reported.size();
      assertEquals(CALLS - stored, resumed.calls(), "only missing calls are made again");
      assertTrue(stored >= reported.size(), stored + " stored");
      assertTrue(resumed.calls() > 0, "the kill happened before the run finished");
    }
    WordModel uninterrupted = new WordModel("word");
    for (int i = 0; i < CALLS; i++) {
      assertEquals(uninterrupted.chat(chat(i), sampling(i)), results.get(i), "call " + i);
    }
  }
}
