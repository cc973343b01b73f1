package dev.voxscribe.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.core.Health;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DiscordPlatform#health()} follows JDA's gateway session, through real JDA and the stand-in. */
class DiscordHealthTest {
  @TempDir Path dir;

  private static Health await(DiscordPlatform platform, Predicate<Health> expected) throws InterruptedException {
    long deadline = System.nanoTime() + TestBed.WAIT.toNanos();
    Health last = platform.health();
    while (!expected.test(last)) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out; last health: " + last);
      Thread.sleep(10); // polling interval of the wait, not a wait for time to pass
      last = platform.health();
    }
    return last;
  }

  @Test
  void upWhileTheGatewayIsConnectedDownWhenDiscordEndsTheSessionAndAfterClose() throws Exception {
    TestBed bed = new TestBed(dir, false);
    try {
      Health up = await(bed.platform, Health::isUp);
      assertThat(up.description()).isEqualTo("gateway connected");
      bed.discord.closeGateway(4004, "Authentication failed.");
      Health down = await(bed.platform, h -> !h.isUp());
      assertThat(down.description()).startsWith("gateway ");
    } finally {
      bed.close();
    }
    assertThat(bed.platform.health()).isEqualTo(Health.down("stopped"));
  }

  @Test
  void withoutTheMessageContentIntentItIsUpAndSaysSo() throws Exception {
    TestBed bed = new TestBed(dir, true);
    try {
      Health up = await(bed.platform, h -> h.isUp() && h.description().contains("without"));
      assertThat(up.description()).isEqualTo("gateway connected (without the Message Content intent)");
    } finally {
      bed.close();
    }
  }
}
