package dev.lookout.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.Shard;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShardingTest {
  private static final int TARGETS = 20_000;

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 8})
  void everyTargetBelongsToExactlyOneShard(int n) {
    int[] perShard = new int[n + 1];
    for (int t = 0; t < TARGETS; t++) {
      String name = "target-" + t;
      long owners =
          IntStream.rangeClosed(1, n).filter(i -> Sharding.owns(new Shard(i, n), name)).count();
      assertThat(owners).as(name).isEqualTo(1);
      perShard[Sharding.owner(name, n)]++;
    }
    for (int i = 1; i <= n; i++) {
      assertThat(perShard[i])
          .as("shard %d of %d", i, n)
          .isBetween((int) (TARGETS / n * 0.9), (int) (TARGETS / n * 1.1));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 7})
  void addingAnAgentMovesOnlyItsShare(int n) {
    int moved = 0;
    for (int t = 0; t < TARGETS; t++) {
      String name = "target-" + t;
      int before = Sharding.owner(name, n);
      int after = Sharding.owner(name, n + 1);
      if (before != after) {
        moved++;
        // Rendezvous hashing: a target only ever moves to the new shard.
        assertThat(after).isEqualTo(n + 1);
      }
    }
    double expected = TARGETS / (double) (n + 1);
    assertThat(moved).isBetween((int) (expected * 0.9), (int) (expected * 1.1));
  }
}
