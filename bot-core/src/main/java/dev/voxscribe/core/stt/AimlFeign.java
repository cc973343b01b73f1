package dev.voxscribe.core.stt;

import com.fasterxml.jackson.databind.JsonNode;
import feign.Headers;
import feign.Param;
import feign.RequestLine;
import java.util.Map;

/** The AI/ML API speech-to-text endpoints as Feign sees them. */
interface AimlFeign {

  /** Multipart create: a {@code model} field, a file part {@code audio}, optional parameters. */
  @RequestLine("POST /v1/stt/create")
  @Headers({"Content-Type: multipart/form-data", "X-Client-Request-Id: {requestId}"})
  JsonNode createMultipart(@Param("requestId") String requestId, Map<String, ?> form);

  /** JSON create: the service downloads {@code url} itself. */
  @RequestLine("POST /v1/stt/create")
  @Headers({"Content-Type: application/json", "X-Client-Request-Id: {requestId}"})
  JsonNode createFromUrl(@Param("requestId") String requestId, Map<String, Object> body);

  @RequestLine("GET /v1/stt/{id}")
  @Headers("Accept: application/json")
  JsonNode fetch(@Param("id") String generationId);
}
