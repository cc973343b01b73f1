package dev.voxscribe.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AsyncPoolTest {
  @Test
  void smallMachinesGetAPoolOfTwoAndAnOperatorsChoiceStands() {
    assertThat(AsyncPool.chosen(null, 1)).isEqualTo("2");
    assertThat(AsyncPool.chosen(null, 2)).as("a 2-CPU JVM's own choice would be 1").isEqualTo("2");
    assertThat(AsyncPool.chosen(null, 3)).isNull();
    assertThat(AsyncPool.chosen(null, 16)).isNull();
    assertThat(AsyncPool.chosen("1", 1)).as("set by the operator").isNull();
  }
}
