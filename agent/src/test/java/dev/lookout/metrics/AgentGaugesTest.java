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
      // Capturing method references, as the agent passes them: each is a new object that nobody
      // else holds, so a weakly held gauge loses it at the first collection.
      java.util.concurrent.atomic.AtomicInteger pending =
          new java.util.concurrent.atomic.AtomicInteger(3);
      java.util.concurrent.atomic.AtomicBoolean writable =
          new java.util.concurrent.atomic.AtomicBoolean(false);
      metrics.outboxPending(pending::get);
      metrics.stateWritable(writable::get);
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
