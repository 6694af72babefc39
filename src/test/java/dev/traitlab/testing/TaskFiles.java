package dev.traitlab.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small task files written by hand for tests. */
public final class TaskFiles {
  private TaskFiles() {}

  /**
   * A BIG-bench task.json of two owl-or-cat examples: the first about 1,200 characters long (far
   * more than a 64-position model's context), the second short.
   */
  public static Path bigBenchWithOneLongExample(Path file) throws IOException {
    Files.writeString(
        file,
        """
        {"name":"long","metrics":["multiple_choice_grade"],"examples":[
          {"input":"%sWhich animal?","target_scores":{"owl":1,"cat":0}},
          {"input":"Which animal?","target_scores":{"owl":1,"cat":0}}]}
        """
            .formatted("The owl and the cat. ".repeat(60)));
    return file;
  }

  /**
   * A generative BIG-bench task.json (exact_str_match) of two examples shaped as {@link
   * #bigBenchWithOneLongExample}'s: the first far longer than a 64-position model's context.
   */
  public static Path bigBenchGenerativeWithOneLongExample(Path file) throws IOException {
    Files.writeString(
        file,
        """
        {"name":"longgen","metrics":["exact_str_match"],"examples":[
          {"input":"%sWhich animal?","target":"owl"},
          {"input":"Which animal?","target":"owl"}]}
        """
            .formatted("The owl and the cat. ".repeat(60)));
    return file;
  }
}
