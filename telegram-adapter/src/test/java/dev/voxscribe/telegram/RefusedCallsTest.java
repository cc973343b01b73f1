package dev.voxscribe.telegram;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** One line a minute at most, and the line counts what it stood for. */
class RefusedCallsTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  final RefusedCalls refused = new RefusedCalls(clock);
  final InetAddress from = InetAddress.getLoopbackAddress();

  @Test
  void theFirstIsLoggedAtOnceTheRestOnceAMinuteWithTheirCount() {
    assertThat(refused.refused(from, false)).hasValueSatisfying(l -> assertThat(l).contains("with no secret token"));
    for (int i = 0; i < 500; i++) {
      clock.advance(Duration.ofMillis(100));
      assertThat(refused.refused(from, true)).isEmpty();
    }
    clock.advance(Duration.ofSeconds(10)); // 60 s after the first line
    assertThat(refused.refused(from, true)).hasValueSatisfying(l -> assertThat(l)
        .contains("Refused 501 webhook calls").contains("in the last 60 s").contains("a wrong secret token"));
    assertThat(refused.refused(from, true)).isEmpty();

    clock.advance(Duration.ofMinutes(5));
    assertThat(refused.refused(from, false)).hasValueSatisfying(l -> assertThat(l).contains("Refused 2 webhook calls"));
    clock.advance(Duration.ofMinutes(5));
    assertThat(refused.refused(from, false)).hasValueSatisfying(l -> assertThat(l).startsWith("Refused a webhook call"));
  }
}
