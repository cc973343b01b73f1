package dev.voxscribe.core.transcribe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voxscribe.core.FailureKind;
import dev.voxscribe.core.Metrics;
import dev.voxscribe.core.TranscriptionException;
import dev.voxscribe.core.spend.Limit;
import dev.voxscribe.core.spend.Refusal;
import dev.voxscribe.core.spend.Requester;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The gate's order of service, by which jobs started when: no clocks, the test ends each job by hand. */
class JobGateTest {
  private static final Requester ALICE = Requester.inGroup("telegram", "1", "-100");
  private static final Requester ALICE_2 = Requester.inGroup("telegram", "11", "-100");
  private static final Requester BOB = Requester.inGroup("telegram", "2", "-200");
  private static final Requester CAROL = Requester.inPrivate("discord", "3");

  private final Metrics metrics = new Metrics();
  private final List<Refusal> refusals = new CopyOnWriteArrayList<>();
  /** Every job started, in order, with the future the test completes to end it. */
  private final List<Started> started = new CopyOnWriteArrayList<>();

  private record Started(String name, CompletableFuture<String> done) {}

  private CompletableFuture<String> submit(JobGate gate, Requester who, String name) {
    return gate.submit(who, () -> {
      CompletableFuture<String> f = new CompletableFuture<>();
      started.add(new Started(name, f));
      return f;
    });
  }

  private void finishOldestRunning() {
    for (Started s : started) {
      if (!s.done().isDone()) {
        s.done().complete(s.name());
        return;
      }
    }
    throw new AssertionError("nothing is running");
  }

  private List<String> names() {
    return started.stream().map(Started::name).toList();
  }

  @Test
  void anotherChatsJobStartsAfterAtMostOneMoreOfTheFloodingChats() {
    JobGate gate = new JobGate(2, 256, 3, 0, metrics, refusals::add);
    for (int i = 0; i < 50; i++) submit(gate, ALICE, "a" + i);
    CompletableFuture<String> bob = submit(gate, BOB, "bob");
    assertThat(names()).containsExactly("a0", "a1");
    assertThat(metrics.queued()).hasValue(49);

    finishOldestRunning();
    finishOldestRunning();
    // Chats take turns: Bob's job starts after one more of Alice's, though 48 of hers were waiting before him.
    assertThat(names()).containsExactly("a0", "a1", "a2", "bob");
    finishOldestRunning();
    finishOldestRunning();
    assertThat(bob).isCompletedWithValue("bob");
    while (started.size() < 51) finishOldestRunning();
    assertThat(names().indexOf("bob")).isEqualTo(3);
    assertThat(metrics.queued()).hasValue(0);
  }

  @Test
  void peopleOfOneChatAreServedInTurn() {
    JobGate gate = new JobGate(1, 256, 0, 0, metrics, refusals::add);
    for (int i = 0; i < 5; i++) submit(gate, ALICE, "a" + i);
    submit(gate, ALICE_2, "x0");
    submit(gate, ALICE_2, "x1");
    submit(gate, CAROL, "c0");
    while (started.size() < 8) finishOldestRunning();
    // a0 ran at once; then the group (Alice, her colleague) and Carol's DM alternate.
    assertThat(names()).containsExactly("a0", "a1", "c0", "x0", "a2", "x1", "a3", "a4");
  }

  @Test
  void aPersonRunsAtMostTheirJobsAtOnceWhileOthersUseTheFreeSlots() {
    JobGate gate = new JobGate(4, 256, 2, 0, metrics, refusals::add);
    for (int i = 0; i < 5; i++) submit(gate, ALICE, "a" + i);
    submit(gate, BOB, "b0");
    assertThat(names()).containsExactly("a0", "a1", "b0");
    finishOldestRunning(); // a0
    assertThat(names()).containsExactly("a0", "a1", "b0", "a2");
  }

  @Test
  void pastItsOwnQueueAPersonIsRefusedAsTooManyAtOnce() {
    JobGate gate = new JobGate(1, 256, 1, 3, metrics, refusals::add);
    List<CompletableFuture<String>> alice = new ArrayList<>();
    for (int i = 0; i < 5; i++) alice.add(submit(gate, ALICE, "a" + i));
    // One runs, three wait, the fifth is refused; Bob still gets in.
    assertThat(alice.get(4)).isCompletedExceptionally();
    TranscriptionException e = TranscriptionException.from(alice.get(4).handle((v, t) -> t).join());
    assertThat(e.kind()).isEqualTo(FailureKind.QUOTA);
    assertThat(e.refusal()).hasValueSatisfying(r -> {
      assertThat(r.limit()).isEqualTo(Limit.USER_QUEUE);
      assertThat(r.jobs()).isEqualTo(3);
    });
    assertThat(refusals).extracting(Refusal::limit).containsExactly(Limit.USER_QUEUE);
    assertThat(submit(gate, BOB, "b0")).isNotDone();
    assertThat(alice.subList(0, 4)).allMatch(f -> !f.isCompletedExceptionally());
  }

  @Test
  void whenTheQueueIsFullTheFloodingPersonIsRefusedFirst() {
    JobGate gate = new JobGate(1, 4, 0, 0, metrics, refusals::add);
    List<CompletableFuture<String>> alice = new ArrayList<>();
    for (int i = 0; i < 5; i++) alice.add(submit(gate, ALICE, "a" + i)); // 1 running, 4 waiting: full
    CompletableFuture<String> moreAlice = submit(gate, ALICE, "a5");
    assertThat(moreAlice).isCompletedExceptionally();

    CompletableFuture<String> bob = submit(gate, BOB, "b0");
    // Bob takes the place of Alice's newest waiting job, which is told "busy".
    assertThat(bob).isNotDone();
    assertThat(alice.get(4)).isCompletedExceptionally();
    assertThat(TranscriptionException.from(alice.get(4).handle((v, t) -> t).join()).kind()).isEqualTo(FailureKind.BUSY);
    assertThat(metrics.queued()).hasValue(4);
    while (started.size() < 5) finishOldestRunning();
    assertThat(names()).containsExactly("a0", "a1", "b0", "a2", "a3");
    assertThat(bob).isCompletedWithValue("b0");
  }

  @Test
  void aFailingJobFreesItsSlot() {
    JobGate gate = new JobGate(1, 4, metrics);
    CompletableFuture<String> first = gate.submit(ALICE, () -> CompletableFuture.failedFuture(new IllegalStateException("x")));
    assertThat(first).isCompletedExceptionally();
    assertThat(submit(gate, BOB, "b0")).isNotDone();
    assertThat(names()).containsExactly("b0");
    assertThat(metrics.running()).hasValue(1);
  }
}
