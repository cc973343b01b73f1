package dev.voxscribe.core.stt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.voxscribe.core.spend.Cost;
import dev.voxscribe.core.spend.CostBook;
import dev.voxscribe.core.spend.CostHeaders;
import java.net.URI;
import java.util.Optional;
import java.util.function.Function;

/**
 * Books the cost headers of every successful answer under its generation: {@code x-inference-id},
 * else the id in the body, else the poll's path. Failed requests are never charged, so only 2xx
 * answers come here. The reading itself is {@link CostHeaders}.
 */
final class CostRecorder {
  private final CostBook book;

  CostRecorder(CostBook book) {
    this.book = book;
  }

  /** @param header the first value of a response header, by name (case-insensitive) */
  void record(Function<String, Optional<String>> header, JsonNode answer, URI request) {
    Cost cost = CostHeaders.read(header);
    if (cost.isEmpty()) return;
    header.apply(CostHeaders.INFERENCE_ID)
        .or(() -> ResultParser.generationId(answer))
        .or(() -> pollId(request))
        .ifPresent(id -> book.record(id, cost));
  }

  private static Optional<String> pollId(URI request) {
    String path = request.getPath() == null ? "" : request.getPath();
    String last = path.substring(path.lastIndexOf('/') + 1);
    return last.isEmpty() || last.equals("create") ? Optional.empty() : Optional.of(last);
  }
}
