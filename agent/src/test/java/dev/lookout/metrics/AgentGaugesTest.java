package dev.lookout.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Gauges of the agent itself, read after a real garbage collection. */
class AgentGaugesTest {
  @Test
  void outboxPendingAndStateWritableStayNumbersAfterAGarbageCollection() {
    LookoutMetrics metrics = new LookoutMetrics(Map.of(), "test");
    try {
      // Lambdas held by nobody else: a weakly held gauge object is gone after the collection.
      metrics.outboxPending(() -> 3);
      metrics.stateWritable(() -> false);
      for (int i = 0; i < 3; i++) {
        System.gc();
      }
      String scrape = metrics.scrape(null).body();
      assertThat(scrape)
          .contains("lookout_outbox_pending 3.0")
          .contains("lookout_state_writable 0.0");
    } finally {
      metrics.close();
    }
  }
}
