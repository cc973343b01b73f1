package dev.voxscribe.testing.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.MultipartReader;
import okio.Buffer;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/** Reads a {@code multipart/form-data} request body into its parts, as a stand-in must to check it. */
public final class Multipart {
  private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"");
  private static final Pattern NAME = Pattern.compile("(?:^|;)\\s*name=\"([^\"]*)\"");

  private Multipart() {}

  /**
   * One part: a text field (no file name) or a file.
   *
   * @param contentType the part's own Content-Type header, when it has one
   */
  public record Part(String name, Optional<String> filename, Optional<String> contentType, byte[] data) {
    public boolean isFile() {
      return filename.isPresent();
    }

    public String text() {
      return new String(data, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** Thrown for a body that is not well-formed multipart; the message says what is wrong. */
  public static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * @throws Malformed when the boundary is missing, a part has no name, or the body is cut short
   */
  public static List<Part> parse(@Nullable ByteString body, @Nullable String contentType) {
    MediaType type = contentType == null ? null : MediaType.parse(contentType);
    String boundary = type == null ? null : type.parameter("boundary");
    if (boundary == null) throw new Malformed("multipart boundary missing");
    List<Part> parts = new ArrayList<>();
    try (MultipartReader reader = new MultipartReader(new Buffer().write(body == null ? ByteString.EMPTY : body), boundary)) {
      MultipartReader.Part next;
      while ((next = reader.nextPart()) != null) {
        try (MultipartReader.Part part = next) {
          String disposition = Optional.ofNullable(part.headers().get("Content-Disposition")).orElse("");
          Matcher name = NAME.matcher(disposition);
          if (!name.find()) throw new Malformed("multipart part without a name");
          Matcher file = FILENAME.matcher(disposition);
          Optional<String> filename = file.find() ? Optional.of(file.group(1)) : Optional.empty();
          parts.add(new Part(name.group(1), filename, Optional.ofNullable(part.headers().get("Content-Type")),
              part.body().readByteArray()));
        }
      }
    } catch (IOException e) {
      throw new Malformed("malformed multipart body");
    }
    return parts;
  }
}
