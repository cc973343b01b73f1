package dev.voxscribe.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.app.logging.Secrets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretsTest {
  @Test
  void registeredValuesAndSecretShapesAreMasked() {
    Secrets.register(List.of("sk-registered-secret-value"));
    assertThat(Secrets.mask("key=sk-registered-secret-value!")).isEqualTo("key=***!");
    assertThat(Secrets.mask("GET https://api.telegram.org/file/bot123456789:AAHx-abcdefghijklmnopqrstuvwxyz012345/voice/file_1.oga"))
        .doesNotContain("AAHx").contains("/bot***/voice/file_1.oga");
    assertThat(Secrets.mask("token 123456789:AAHx-abcdefghijklmnopqrstuvwxyz012345 seen")).isEqualTo("token *** seen");
    assertThat(Secrets.mask("Authorization: Bearer abc.def-123")).isEqualTo("Authorization: Bearer ***");
    assertThat(Secrets.mask("nothing secret: 12:30, /bottom/")).isEqualTo("nothing secret: 12:30, /bottom/");
  }
}
