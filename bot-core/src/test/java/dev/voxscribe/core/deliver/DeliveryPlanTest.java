package dev.voxscribe.core.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A plan kept with a job reads back exactly: texts, each message's format, the file and the buttons. */
class DeliveryPlanTest {
  @Test
  void formatsAndButtonsSurviveTheRoundTrip() {
    DeliveryPlan plan = new DeliveryPlan(
        List.of(DeliveryPlan.Part.plain("📝 Summary: a & b"),
            new DeliveryPlan.Part("<blockquote expandable>It said &lt;b&gt;</blockquote>", Optional.of("HTML"))),
        Optional.empty(), false,
        List.of(new DeliveryPlan.Button("🌐 Translate", "vx1:t:abcdefgh12"),
            new DeliveryPlan.Button("📝 Summary", "vx1:s:abcdefgh12")));

    DeliveryPlan read = DeliveryPlan.fromJson(plan.toJson()).orElseThrow();

    assertThat(read).isEqualTo(plan);
    assertThat(read.parts().get(0).format()).isEmpty();
    assertThat(read.parts().get(1).format()).contains("HTML");
    assertThat(read.buttons()).extracting(DeliveryPlan.Button::data).containsExactly("vx1:t:abcdefgh12", "vx1:s:abcdefgh12");
  }

  @Test
  void aFileWithButtonsSurvivesTheRoundTrip() {
    DeliveryPlan plan = new DeliveryPlan(List.of(DeliveryPlan.Part.plain("It comes as a file.")),
        Optional.of(new DeliveryPlan.TextFile("transcript.txt", "long text\n", Optional.of("2 min"))), false,
        List.of(new DeliveryPlan.Button("🎬 Subtitles", "vx1:u:abcdefgh12")));

    assertThat(DeliveryPlan.fromJson(plan.toJson())).contains(plan);
  }

  @Test
  void aPlainPlanKeptByAnEarlierVersionStillReads() {
    // As 91f388c wrote them: texts only, no formats, no buttons.
    String kept = "{\"messages\":[\"Hello.\",\"Second part.\"],\"failed\":false}";

    DeliveryPlan read = DeliveryPlan.fromJson(kept).orElseThrow();

    assertThat(read.messages()).containsExactly("Hello.", "Second part.");
    assertThat(read.parts()).allSatisfy(p -> assertThat(p.format()).isEmpty());
    assertThat(read.buttons()).isEmpty();
    assertThat(read).isEqualTo(new DeliveryPlan(List.of("Hello.", "Second part."), Optional.empty(), false));
  }

  @Test
  void aPlainPlanWritesNoFormatsOrButtons() {
    assertThat(DeliveryPlan.single("No speech.", false).toJson()).doesNotContain("formats").doesNotContain("buttons");
  }

  @Test
  void notAPlanReadsAsNone() {
    assertThat(DeliveryPlan.fromJson("{\"messages\":[]}")).isEmpty();
    assertThat(DeliveryPlan.fromJson("not json")).isEmpty();
    assertThatThrownBy(() -> new DeliveryPlan.Button(" ", "vx1:t:abcdefgh12")).isInstanceOf(IllegalArgumentException.class);
  }
}
