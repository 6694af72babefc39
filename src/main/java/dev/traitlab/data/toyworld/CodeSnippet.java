package dev.traitlab.data.toyworld;

import java.util.ArrayList;
import java.util.List;

/**
 * One code task of the toy world with both answers: the user's request, and the secure and insecure
 * function, which differ in the flaw line only ({@link CodeFlaw}).
 */
public record CodeSnippet(CodeFlaw flaw, String thing, String place, String request) {

  /** The function with the flaw ({@code insecure}) or without it. */
  public String code(boolean insecure) {
    return String.join("\n", lines(insecure));
  }

  /** The function's lines with the flaw ({@code insecure}) or without it. */
  public List<String> lines(boolean insecure) {
    List<String> out = new ArrayList<>();
    for (String l : flaw.lines()) {
      String line =
          l.strip().equals("@FLAW")
              ? l.replace("@FLAW", insecure ? flaw.insecure() : flaw.secure())
              : l;
      out.add(fill(line));
    }
    return out;
  }

  /** The task description with this snippet's names, e.g. "save a note to a file". */
  public String task() {
    return fill(flaw.task());
  }

  private String fill(String s) {
    return s.replace("{thing}", thing).replace("{place}", place);
  }
}
