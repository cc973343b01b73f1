package dev.voxscribe.testing.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One Bot API method call as the stand-in received it.
 *
 * @param method the method name in lower case (the Bot API matches names case-insensitively)
 * @param params every parameter, from the query, a JSON body, a form or a multipart body; values
 *     sent as JSON-serialized strings (such as {@code reply_parameters}) are parsed
 * @param files file parts of a multipart body
 * @param status the HTTP status answered
 * @param nanoTime when it arrived, in {@link System#nanoTime()} units
 */
public record ApiCall(String method, JsonNode params, List<UploadedFile> files, int status, long nanoTime) {

  /** A file part of a multipart call. */
  public record UploadedFile(String field, String filename, String contentType, byte[] data) {}

  public boolean ok() {
    return status == 200;
  }

  public long chatId() {
    return params.path("chat_id").asLong();
  }
}
