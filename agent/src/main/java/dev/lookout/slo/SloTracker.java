package dev.lookout.slo;

import dev.lookout.config.SloPolicy;
import dev.lookout.config.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Uptime, SLOs and burn alerts for every target: the one place the runtime reports verdicts to and
 * reads uptime, budgets and burn alerts from. Pure (an injected {@link Clock}, no Vert.x) and
 * thread-safe: lanes record from their own threads, each target's history under its own lock.
 */
public final class SloTracker {
  static final int EVENTS_AVAILABILITY_GOOD = 0;
  static final int EVENTS_AVAILABILITY_BAD = 1;
  static final int EVENTS_LATENCY_GOOD = 2;
  static final int EVENTS_LATENCY_BAD = 3;

  private final Clock clock;
  private volatile Map<String, Uptime.Report> recent = Map.of();
  private final Map<String, Entry> targets = new ConcurrentHashMap<>();

  public SloTracker(Clock clock) {
    this.clock = clock;
  }

  /** One target's policy (null: uptime only), history and event counters. */
  static final class Entry {
    final String name;
    volatile SloPolicy policy;
    History history;

    /** Probes counted for the objectives, by EVENTS_*; null until the first. */
    private volatile AtomicLongArray events;

    Entry(String name, SloPolicy policy) {
      this.name = name;
      this.policy = policy;
      this.history = new History(hours(policy), policy != null && policy.latency() != null);
    }

    void count(int event) {
      AtomicLongArray a = events;
      if (a == null) {
        synchronized (this) {
          if (events == null) {
            events = new AtomicLongArray(4);
          }
          a = events;
        }
      }
      a.incrementAndGet(event);
    }

    long events(int event) {
      AtomicLongArray a = events;
      return a == null ? 0 : a.get(event);
    }

    synchronized Tally historyTally(Instant now, Duration span) {
      return history.tally(History.ds(now.toEpochMilli()), span.toMillis() / 100);
    }
  }

  /** Hours of hourly buckets kept: the longer of 30 days and the window, plus a day's margin. */
  static int hours(SloPolicy policy) {
    Duration keep = Uptime.WINDOWS.get(Uptime.WINDOWS.size() - 1);
    if (policy != null && policy.window().compareTo(keep) > 0) {
      keep = policy.window();
    }
    return (int) keep.toHours() + 24;
  }

  /**
   * The targets of a (re)loaded config: new ones start with no history (unknown), kept ones keep
   * theirs under the new policy, removed ones are forgotten.
   */
  public void configure(Collection<Target> config) {
    Set<String> names = new HashSet<>();
    for (Target t : config) {
      names.add(t.name());
      SloPolicy policy = t.slo();
      targets.compute(
          t.name(),
          (name, e) -> {
            if (e == null) {
              return new Entry(name, policy);
            }
            synchronized (e) {
              e.policy = policy;
              e.history =
                  e.history.resized(hours(policy), policy != null && policy.latency() != null);
            }
            return e;
          });
    }
    targets.keySet().retainAll(names);
  }

  /**
   * A verdict of one probe: it started at {@code startedAt}, {@code healthy} when it passed its
   * expectations, {@code answered} when the peer answered at all, in {@code seconds}. It counts
   * from {@code startedAt} until the next verdict, at most {@code interval × 2}. Any thread.
   */
  public void record(
      String target,
      Instant startedAt,
      boolean healthy,
      boolean answered,
      double seconds,
      Duration interval) {
    Entry e = targets.get(target);
    if (e == null) {
      return;
    }
    SloPolicy p = e.policy;
    Boolean fast = null;
    if (p != null && p.latency() != null) {
      fast = answered && seconds * 1000 < p.latency().below().toMillis();
      e.count(fast ? EVENTS_LATENCY_GOOD : EVENTS_LATENCY_BAD);
    }
    if (p != null && p.availability() != null) {
      e.count(healthy ? EVENTS_AVAILABILITY_GOOD : EVENTS_AVAILABILITY_BAD);
    }
    synchronized (e) {
      e.history.record(
          History.ds(startedAt.toEpochMilli()),
          healthy,
          fast,
          // Rounded up: an interval under 100 ms must still give its verdict time.
          Math.max(1, (interval.toMillis() + 99) / 100));
    }
  }

  /** Uptime over 24 h, 7 d and 30 d, and each objective's budget left, now. */
  public Uptime.Report uptime(String target) {
    Entry e = targets.get(target);
    if (e == null) {
      return null;
    }
    Instant now = clock.instant();
    List<Uptime> uptime = new ArrayList<>();
    for (Duration w : Uptime.WINDOWS) {
      uptime.add(Uptime.of(w, tally(e, now, w)));
    }
    List<Budget> budgets = new ArrayList<>();
    SloPolicy p = e.policy;
    if (p != null) {
      Tally t = tally(e, now, p.window());
      if (p.availability() != null) {
        budgets.add(Budget.availability(p.availability(), p.window(), t));
      }
      if (p.latency() != null) {
        budgets.add(Budget.latency(p.latency().objective(), p.window(), t));
      }
    }
    return new Uptime.Report(uptime, budgets);
  }

  /**
   * {@link #uptime(String)} of every configured target, by name; kept for {@link #recentUptime()}.
   * Any thread; for a worker.
   */
  public Map<String, Uptime.Report> uptimeAll() {
    Map<String, Uptime.Report> out = new java.util.HashMap<>();
    for (String name : targets.keySet()) {
      Uptime.Report r = uptime(name);
      if (r != null) {
        out.put(name, r);
      }
    }
    recent = Map.copyOf(out);
    return out;
  }

  /**
   * What {@link #uptimeAll()} computed last (empty before it first ran): the scrape reads these
   * rather than tallying 30 days of every target again for each scrape.
   */
  public Map<String, Uptime.Report> recentUptime() {
    return recent;
  }

  /**
   * The burn alerts that started or stopped since the last call: call it periodically (every few
   * seconds to a minute). A target whose objective or burn alerts are gone resolves what fired.
   */
  public List<BurnEvent> burnEvents(Instant now) {
    List<BurnEvent> out = new ArrayList<>();
    for (Entry e : new TreeMap<>(targets).values()) {
      BurnAlerts.evaluate(e, now, out);
    }
    return out;
  }

  Tally tally(Entry e, Instant now, Duration span) {
    return e.historyTally(now, span);
  }

  /** A target's tally over a span ending now; null for a target not configured. */
  public Tally tally(String target, Duration span) {
    Entry e = targets.get(target);
    return e == null ? null : tally(e, clock.instant(), span);
  }

  Instant now() {
    return clock.instant();
  }

  Collection<Entry> entries() {
    return new TreeMap<>(targets).values();
  }

  Entry entry(String target) {
    return targets.get(target);
  }

  /** Every target's changes since the last call, for the journal. */
  Map<String, History.Change> changes() {
    Map<String, History.Change> out = new java.util.LinkedHashMap<>();
    for (Entry e : entries()) {
      History.Change c;
      synchronized (e) {
        c = e.history.changes();
      }
      if (c != null) {
        out.put(e.name, c);
      }
    }
    return out;
  }

  /** Changes whose write failed: they are handed out again next time. */
  void unflushed(Map<String, History.Change> changes) {
    changes.forEach(
        (name, c) -> {
          Entry e = targets.get(name);
          if (e != null) {
            synchronized (e) {
              e.history.unflushed(c);
            }
          }
        });
  }

  byte[] encode(Entry e) {
    synchronized (e) {
      return e.history.encode();
    }
  }

  /**
   * What a previous run left for a target: its compacted buckets (null when none) and the journal
   * lines after them. Unreadable buckets leave the target's history empty (unknown).
   */
  void restore(String target, byte[] snapshot, List<History.Change> changes) {
    Entry e = targets.get(target);
    if (e == null) {
      return;
    }
    synchronized (e) {
      SloPolicy p = e.policy;
      History h = e.history;
      if (snapshot != null) {
        try {
          h = History.decode(snapshot, hours(p), p != null && p.latency() != null);
        } catch (IllegalArgumentException ex) {
          h = e.history;
        }
      }
      for (History.Change c : changes) {
        h.apply(c);
      }
      h.changes(); // what was just read is on disk already
      e.history = h;
    }
  }

  /** Bytes of bucket data one target holds now. */
  public long bytes(String target) {
    Entry e = targets.get(target);
    if (e == null) {
      return 0;
    }
    synchronized (e) {
      return e.history.bytes();
    }
  }
}
