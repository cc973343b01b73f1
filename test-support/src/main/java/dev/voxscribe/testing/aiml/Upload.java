package dev.voxscribe.testing.aiml;

import java.util.Map;
import java.util.Optional;

/**
 * What one create call carried, as the stand-in received it.
 *
 * @param generationId the id the stand-in answered with
 * @param model the {@code model} field
 * @param fields every text field or JSON member except the audio, as text
 * @param filename the file part's file name (multipart)
 * @param contentType the file part's content type (multipart)
 * @param audio the file part's bytes (multipart)
 * @param url the {@code url} member (JSON)
 * @param clientRequestId the {@code X-Client-Request-Id} header
 */
public record Upload(
    String generationId,
    String model,
    Map<String, String> fields,
    Optional<String> filename,
    Optional<String> contentType,
    Optional<byte[]> audio,
    Optional<String> url,
    Optional<String> clientRequestId) {

  public boolean isMultipart() {
    return audio.isPresent();
  }
}
