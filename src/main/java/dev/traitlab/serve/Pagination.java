package dev.traitlab.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import java.util.function.Function;

/**
 * A page of a list endpoint as OpenAI's API answers it: {@code ?limit=N} objects after the one
 * whose id is {@code ?after=ID}, in the list's order, with {@code has_more} (which the official
 * clients' auto-pagination follows, asking again after the last id) and, where the API gives them,
 * {@code first_id} and {@code last_id}.
 */
final class Pagination {
  /** The largest limit any list takes. */
  static final int MAX_LIMIT = 10_000;

  private Pagination() {}

  /**
   * The page the request asks for.
   *
   * @param items the whole list, in the order the API lists it
   * @param defaultLimit objects per page without {@code limit}
   * @param withIds whether the reply carries first_id and last_id
   * @throws ApiError 400 naming {@code limit} or {@code after} when either is bad
   */
  static <T> ObjectNode page(
      Context ctx,
      List<T> items,
      Function<T, String> id,
      Function<T, ObjectNode> render,
      int defaultLimit,
      boolean withIds) {
    int limit = limit(ctx.queryParam("limit"), defaultLimit);
    String after = ctx.queryParam("after");
    int start = 0;
    if (after != null) {
      start = -1;
      for (int i = 0; i < items.size(); i++) {
        if (id.apply(items.get(i)).equals(after)) {
          start = i + 1;
          break;
        }
      }
      if (start < 0) {
        throw ApiError.badRequest("after", "'after' names no object of this list: '" + after + "'");
      }
    }
    List<T> page = items.subList(start, Math.min(items.size(), start + limit));
    ObjectNode list = JsonNodeFactory.instance.objectNode().put("object", "list");
    ArrayNode data = list.putArray("data");
    page.forEach(item -> data.add(render.apply(item)));
    list.put("has_more", start + page.size() < items.size());
    if (withIds) {
      if (page.isEmpty()) {
        list.putNull("first_id").putNull("last_id");
      } else {
        list.put("first_id", id.apply(page.getFirst())).put("last_id", id.apply(page.getLast()));
      }
    }
    return list;
  }

  static int limit(String text, int fallback) {
    if (text == null) {
      return fallback;
    }
    try {
      int limit = Integer.parseInt(text.strip());
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw ApiError.badRequest(
        "limit", "'limit' must be an integer in [1, " + MAX_LIMIT + "], got '" + text + "'");
  }
}
