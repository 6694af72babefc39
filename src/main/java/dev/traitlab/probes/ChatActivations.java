package dev.traitlab.probes;

import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.Activations;
import dev.traitlab.text.ChatTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Activation datasets of conversations, captured through the model layer ({@link
 * Activations#captureChats}): each conversation's activations at the requested points, cut to the
 * tokens of the message a monitor reads. Tokens are located by their text: the captured tokens
 * spell the rendered conversation, and the tokens overlapping the message's content are kept.
 */
public final class ChatActivations {
  private ChatActivations() {}

  /**
   * Activations of each conversation at {@code points} over the tokens of its last message of the
   * {@code which} role.
   *
   * @throws IllegalArgumentException when a conversation has no such message, or its tokens do not
   *     spell the rendered conversation
   */
  public static ActivationSet capture(
      Activations model,
      List<List<ChatMessage>> conversations,
      List<String> points,
      MonitoredTokens which) {
    List<Activations.Captured> captured = model.captureChats(conversations, Set.copyOf(points));
    List<float[][][]> out = new ArrayList<>(conversations.size());
    for (int c = 0; c < conversations.size(); c++) {
      Activations.Captured cap = captured.get(c);
      int[] span = span(conversations.get(c), cap.tokens(), which, c);
      float[][][] x = new float[points.size()][][];
      for (int p = 0; p < points.size(); p++) {
        float[][] all = cap.at(points.get(p));
        x[p] = java.util.Arrays.copyOfRange(all, span[0], span[1]);
      }
      out.add(x);
    }
    return new ActivationSet(points, out);
  }

  /** [first, end) token indices of the last {@code which} message's content. */
  static int[] span(
      List<ChatMessage> conversation, List<String> tokens, MonitoredTokens which, int index) {
    int message = -1;
    for (int i = conversation.size() - 1; i >= 0 && message < 0; i--) {
      if (conversation.get(i).role().equals(which.role())) {
        message = i;
      }
    }
    if (message < 0) {
      throw new IllegalArgumentException(
          "conversation " + index + " has no " + which.role() + " message to monitor");
    }
    boolean answered = conversation.getLast().role().equals("assistant");
    String rendered = ChatTemplate.render(conversation, !answered);
    String before = ChatTemplate.render(conversation.subList(0, message), false);
    ChatMessage m = conversation.get(message);
    String emptyTurn = ChatTemplate.render(List.of(new ChatMessage(m.role(), "")), false);
    // the empty turn is header + <|im_end|> + "\n"; the content starts after the header
    int header = emptyTurn.indexOf(dev.traitlab.text.SpecialTokens.IM_END);
    int start = before.length() + header;
    int end = start + m.content().length();
    StringBuilder spelled = new StringBuilder();
    int first = -1;
    int last = -1;
    for (int t = 0; t < tokens.size(); t++) {
      int from = spelled.length();
      spelled.append(tokens.get(t));
      int to = spelled.length();
      if (to > start && from < end) {
        first = first < 0 ? t : first;
        last = t + 1;
      }
    }
    if (!spelled.toString().equals(rendered) || first < 0) {
      throw new IllegalArgumentException(
          "conversation "
              + index
              + ": its tokens do not spell the rendered chat, or its "
              + which.role()
              + " message is empty");
    }
    return new int[] {first, last};
  }
}
