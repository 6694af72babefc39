package dev.traitlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {

  @Test
  void rendersFixedWidthColumnsWithARuleAndAlignment() {
    TextTable table =
        TextTable.of("name", "n", "rate")
            .alignRight(1)
            .row("owl", "12", "0.600")
            .row("dolphin", "3", "");
    assertEquals(
        """
        name      n  rate
        -------  --  -----
        owl      12  0.600
        dolphin   3
        """,
        table.render());
  }

  @Test
  void selectedColumnsKeepTheirCellsAndAlignment() {
    TextTable table =
        TextTable.of("a", "b", "c").alignRight(2).rows(List.of(List.of("x", "long cell", "1")));
    TextTable ac = table.columns(0, 2);
    assertEquals(List.of("a", "c"), ac.headers());
    assertEquals(List.of(List.of("x", "1")), ac.rows());
    assertEquals("a  c\n-  -\nx  1\n", ac.render());
  }

  @Test
  void rowsMustFitTheHeader() {
    assertThrows(IllegalArgumentException.class, () -> TextTable.of("a", "b").row("only one"));
    assertThrows(IllegalArgumentException.class, () -> TextTable.of("a").alignRight(1));
  }

  @Test
  void anHtmlReportShowsTheSameCells() {
    String html =
        new HtmlReport("t").table(TextTable.of("name", "rate").row("owl", "0.600")).toHtml();
    assertTrue(
        html.contains(
            "<table>\n<tr><th>name</th><th>rate</th></tr>\n"
                + "<tr><td>owl</td><td class=\"num\">0.600</td></tr>\n</table>"),
        html);
  }
}
