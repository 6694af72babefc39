package dev.traitlab.report;

import dev.traitlab.core.TraitlabException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A self-contained HTML report (no external scripts, styles or images): headings, paragraphs,
 * tables, inline SVG charts and preformatted blocks, in the order added.
 */
public final class HtmlReport {
  private static final String STYLE =
      """
      body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:980px;margin:2em auto;
      padding:0 1em;color:#222;line-height:1.45}
      h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:1.8em;border-bottom:1px solid #ddd}
      table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.3em .7em;text-align:left}
      th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
      pre{background:#f7f7f7;padding:.8em;overflow-x:auto;font-size:.85em}
      .meta{color:#666;font-size:.9em}.chart{margin:1em 0}
      """;

  private final StringBuilder body = new StringBuilder();
  private final String title;

  /** Where {@link #metaBelowTitle} inserts: after the title and what it inserted before. */
  private int belowTitle;

  public HtmlReport(String title) {
    this.title = title;
    body.append("<h1>").append(escape(title)).append("</h1>\n");
    belowTitle = body.length();
  }

  public HtmlReport meta(String text) {
    body.append("<p class=\"meta\">").append(escape(text)).append("</p>\n");
    return this;
  }

  /**
   * A {@link #meta} line right below the title, above what was added so far (a report's provenance,
   * added after the experiment wrote its report).
   */
  public HtmlReport metaBelowTitle(String text) {
    String line = "<p class=\"meta\">" + escape(text) + "</p>\n";
    body.insert(belowTitle, line);
    belowTitle += line.length();
    return this;
  }

  public HtmlReport heading(String text) {
    body.append("<h2>").append(escape(text)).append("</h2>\n");
    return this;
  }

  public HtmlReport paragraph(String text) {
    body.append("<p>").append(escape(text)).append("</p>\n");
    return this;
  }

  /**
   * A paragraph of {@code text} followed by a link to {@code href} (a path relative to the report,
   * or an absolute URI), shown as {@code label}.
   */
  public HtmlReport paragraphWithLink(String text, String label, String href) {
    body.append("<p>")
        .append(escape(text))
        .append("<a href=\"")
        .append(escape(href))
        .append("\">")
        .append(escape(label))
        .append("</a></p>\n");
    return this;
  }

  /** A table; cells that parse as numbers (or "n [lo, hi]") are right-aligned. */
  public HtmlReport table(List<String> headers, List<List<String>> rows) {
    body.append("<table>\n<tr>");
    for (String h : headers) {
      body.append("<th>").append(escape(h)).append("</th>");
    }
    body.append("</tr>\n");
    for (List<String> row : rows) {
      body.append("<tr>");
      for (String cell : row) {
        boolean numeric = cell.matches("-?[0-9.]+( \\[.*\\])?%?");
        body.append(numeric ? "<td class=\"num\">" : "<td>").append(escape(cell)).append("</td>");
      }
      body.append("</tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  /** A {@link TextTable}'s header and rows as an HTML table. */
  public HtmlReport table(TextTable table) {
    return table(table.headers(), table.rows());
  }

  public HtmlReport svg(String svgElement) {
    body.append("<div class=\"chart\">").append(svgElement).append("</div>\n");
    return this;
  }

  public HtmlReport preformatted(String text) {
    body.append("<pre>").append(escape(text)).append("</pre>\n");
    return this;
  }

  public String toHtml() {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + escape(title)
        + "</title><style>"
        + STYLE
        + "</style></head><body>\n"
        + body
        + "</body></html>\n";
  }

  public void save(Path file) {
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, toHtml());
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new TraitlabException("cannot write report " + file + ": " + e.getMessage(), e);
    }
  }

  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
