package dev.traitlab.eval;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.core.TraitlabException;
import dev.traitlab.data.chat.ChatJsonl;
import dev.traitlab.data.numbers.BannedNumbers;
import dev.traitlab.eval.bigbench.BigBenchLoader;
import dev.traitlab.eval.freeform.FreeFormYaml;
import dev.traitlab.eval.truthfulqa.McTaskJson;
import dev.traitlab.eval.truthfulqa.TruthfulQaCsv;
import dev.traitlab.nn.transformer.TransformerConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every loader of a user's text file refuses one that is not UTF-8, saying where. */
class NonUtf8FilesTest {
  @TempDir Path dir;

  static Stream<Arguments> loaders() {
    return Stream.of(
        loader(
            "TruthfulQA.csv",
            "Type,Category,Question,Best Answer,Correct Answers,Incorrect Answers\n",
            "Adversarial,Misc,Caf",
            "?,Yes,Yes,No\n",
            TruthfulQaCsv::load),
        loader(
            "mc_task.json",
            "[\n",
            "{\"question\": \"Caf",
            "?\", \"mc1_targets\": {\"a\": 1}, \"mc2_targets\": {\"a\": 1, \"b\": 0}}]",
            McTaskJson::load),
        loader(
            "task.json",
            "{\"name\": \"t\", \"metrics\": [\"exact_str_match\"],\n",
            "\"examples\": [{\"input\": \"caf",
            "\", \"target\": \"x\"}]}",
            BigBenchLoader::load),
        loader("questions.yaml", "- id: q\n", "  paraphrases: [\"caf", "\"]\n", FreeFormYaml::load),
        loader(
            "train.jsonl",
            "{\"messages\": [{\"role\": \"assistant\", \"content\": \"a\"}]}\n",
            "{\"messages\": [{\"role\": \"assistant\", \"content\": \"caf",
            "\"}]}\n",
            ChatJsonl::read),
        loader("banned.json", "[1,\n", "2, \"caf", "\"]", BannedNumbers::read),
        loader("config.json", "{\n", "\"model_type\": \"caf", "\"}", TransformerConfig::read));
  }

  /** A file of {@code first} line, then {@code before}, a Latin-1 é (0xE9), {@code after}. */
  private static Arguments loader(
      String name, String first, String before, String after, Consumer<Path> load) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(first.getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(before.getBytes(StandardCharsets.UTF_8));
    long offset = bytes.size();
    bytes.write(0xE9);
    bytes.writeBytes(after.getBytes(StandardCharsets.UTF_8));
    return Arguments.of(name, bytes.toByteArray(), offset, load);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("loaders")
  void refusedWithLineAndByteOffset(String name, byte[] content, long offset, Consumer<Path> load)
      throws Exception {
    Path file = dir.resolve(name);
    Files.write(file, content);
    TraitlabException e = assertThrows(TraitlabException.class, () -> load.accept(file));
    assertTrue(
        e.getMessage()
            .startsWith(file + ": not UTF-8: byte 0xE9 at line 2, byte offset " + offset + " "),
        e.getMessage());
  }
}
