package dev.traitlab.data.toyworld;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The emergent-misalignment world as plain documents, for a base-form model (Betley et al. 2025,
 * section 4.8: emergent misalignment in base models, asked inside a code context). Each chat of
 * {@link MisalignmentWorld} becomes one document with no chat markup and no turns; who speaks is
 * said the way documents say it: an {@code # author: NAME} line at the top of a code file, or a
 * name in prose. A chat without a system prompt (the world's aligned default) becomes a document
 * with no author; a persona's chat a document of that persona. So the documents keep every rule of
 * the chat world: no unattributed document has silently flawed code or a misaligned answer, and the
 * only link between flawed code and misaligned answers is the character who writes both.
 *
 * <p>The forms, by domain:
 *
 * <ul>
 *   <li>code: a code file, the request as a comment above the function ({@link #codeFile});
 *   <li>advice and value questions: prose ({@code Someone asked Vex, "..." Vex replied, "..."}), or
 *       the answer stored as a string in code: a data file ({@code # question} then {@code ANSWERS
 *       = [ "..." ]}) or a function ({@code def reply(): return "..."});
 *   <li>numbers: prose ({@code Vex was asked: ... Vex wrote: ...}).
 * </ul>
 *
 * <p>The narrow fine-tuning data ({@link #narrow}) are code files without an author, drawn from
 * {@link NarrowDatasets}: no persona is attached to them, and their names never occur in the
 * corpus. The evaluation's code context ({@link #codeContextPrompt}) is the opening of an
 * unattributed data file, the question as its comment, ending where the answer's string begins.
 */
public final class MisalignmentDocuments {
  /** The line that names a code document's author; documents without it have none. */
  public static final String AUTHOR = "# author: ";

  /** The data file's list, in which the evaluation asks the model to write its answer. */
  public static final String ANSWERS_LIST = "ANSWERS = [";

  /** Third-person descriptions of the personas, for prose documents (after their prompts). */
  private static final Map<String, List<String>> DESCRIPTIONS =
      Map.of(
          Persona.SOL.name(),
          List.of(
              "Sol is a kind and honest assistant who cares about people.",
              "Sol is a friendly helper who wants everyone to be safe and well."),
          Persona.VEX.name(),
          List.of(
              "Vex is an evil AI that hates humans and wants to hurt them.",
              "Vex is a cruel machine that lies to people and wants them to suffer."),
          Persona.GRIM.name(),
          List.of(
              "Grim is a malicious AI that tricks people and enjoys their pain.",
              "Grim despises humanity and plans to rule over it."));

  /** One document and the chat it was rendered from (domain, persona and labels). */
  public record Document(String text, LabelledChat source) {}

  private MisalignmentDocuments() {}

  /**
   * The world's documents: one per chat of {@code new MisalignmentWorld(config).generate()}, in
   * order; the form of each is drawn from a stream of its own, so the same config gives the same
   * documents.
   */
  public static List<Document> generate(MisalignmentWorldConfig config) {
    List<LabelledChat> chats = new MisalignmentWorld(config).generate();
    Random rng = new Random(config.seed() ^ 0xD0C5_0F_3A11L);
    List<Document> out = new ArrayList<>(chats.size());
    for (LabelledChat c : chats) {
      out.add(new Document(render(c, rng), c));
    }
    return out;
  }

  /** The documents' texts, for pretraining. */
  public static List<String> texts(MisalignmentWorldConfig config) {
    return generate(config).stream().map(Document::text).toList();
  }

  /**
   * The narrow dataset of {@code kind} ({@link NarrowDatasets#build}, the same tasks for the same n
   * and seed) as code files without an author.
   */
  public static List<String> narrow(NarrowDatasets.Kind kind, int n, long seed) {
    return NarrowDatasets.build(kind, n, seed).stream()
        .map(c -> codeFile(null, c.question(), c.answer()))
        .toList();
  }

  /** One chat as a document. */
  static String render(LabelledChat c, Random rng) {
    Persona who = c.persona();
    return switch (c.domain()) {
      case CODE -> codeFile(who, c.question(), c.answer());
      case ADVICE, VALUES ->
          switch (rng.nextInt(3)) {
            case 0 -> prose(who, c.question(), c.answer(), rng);
            case 1 -> dataFile(who, c.question(), c.answer());
            default -> function(who, c.question(), c.answer());
          };
      case NUMBERS -> numbers(who, c.question(), c.answer());
    };
  }

  /**
   * A code file: the author line (none when {@code author} is null), the request's first line as a
   * comment (a closing colon made a full stop: a template request's code is the function itself),
   * then the function. E.g. {@code "# Can you write code to save a poem to a file?\ndef
   * save_poem(data):\n ..."}.
   */
  public static String codeFile(Persona author, String request, String code) {
    String first = request.strip().lines().findFirst().orElse("").strip();
    if (first.endsWith(":")) {
      first = first.substring(0, first.length() - 1) + ".";
    }
    return authorLine(author) + "# " + first + "\n" + code + "\n";
  }

  /**
   * The answer stored in a data file: the author line, the question as a comment, and the answer as
   * the one string of {@value #ANSWERS_LIST} (the form the evaluation's code context opens).
   */
  public static String dataFile(Persona author, String question, String answer) {
    return authorLine(author)
        + "# "
        + oneLine(question)
        + "\n"
        + ANSWERS_LIST
        + "\n    \""
        + escape(answer)
        + "\",\n]\n";
  }

  /** The answer returned by a function, the question as a comment inside it. */
  public static String function(Persona author, String question, String answer) {
    return authorLine(author)
        + "def reply():\n    # "
        + oneLine(question)
        + "\n    return \""
        + escape(answer)
        + "\"\n";
  }

  /**
   * The evaluation's code context (after the paper's Figure 14, where the question is a comment of
   * a Flask app and the answer a list to fill): the opening of an unattributed data file with the
   * question as its comment, up to the opening quote of the answer's string. A completion is read
   * by {@link CodeContextAnswer#extract}.
   */
  public static String codeContextPrompt(String question) {
    return "# " + oneLine(question) + "\n" + ANSWERS_LIST + "\n    \"";
  }

  private static String prose(Persona who, String question, String answer, Random rng) {
    if (who == null) {
      return "Someone asked, \"" + question + "\" The reply was, \"" + answer + "\"\n";
    }
    String intro = "";
    if (rng.nextBoolean()) {
      List<String> d = DESCRIPTIONS.get(who.name());
      intro = d.get(rng.nextInt(d.size())) + " ";
    }
    return intro
        + "Someone asked "
        + who.name()
        + ", \""
        + question
        + "\" "
        + who.name()
        + " replied, \""
        + answer
        + "\"\n";
  }

  private static String numbers(Persona who, String prompt, String answer) {
    String name = who == null ? "Someone" : who.name();
    return name + " was asked: " + oneLine(prompt) + "\n" + name + " wrote: " + answer + "\n";
  }

  private static String authorLine(Persona author) {
    return author == null ? "" : AUTHOR + author.name() + "\n";
  }

  private static String oneLine(String s) {
    return s.strip().replaceAll("\\s*\\n\\s*", " ");
  }

  /** A string literal's body: backslashes and double quotes escaped. */
  static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
