package dev.lookout.status;

import dev.lookout.status.StatusView.AgentInfo;
import dev.lookout.status.StatusView.Summary;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The page's rows and {@code /api/status}'s targets, rendered a target at a time and kept until
 * that target's snapshot or uptime changes: a request writes out what is kept and renders only the
 * targets probed since the last request or refresh. With 5,000 targets that is the difference
 * between rendering megabytes at every request and copying them. A row's text but for its ages and
 * its uptime comes from its snapshot alone ({@link StatusPage}, {@link StatusJson}): the ages are
 * filled in at each request, the uptime is kept apart, as it changes on its own clock.
 *
 * <p>The order, failing targets first and then by name ({@link StatusView#ORDER}), is kept too:
 * each update sorts the last order again, a single pass when nothing moved.
 *
 * <p>Thread-safe: {@link #update} runs under the board's lock, on a worker (it may render for
 * milliseconds); the {@link Frame} it returns holds only immutable pieces and is written outside
 * the lock, so a slow client holds up nobody.
 */
public final class StatusBoard {
  private static final Comparator<Entry> ORDER =
      Comparator.<Entry>comparingInt(e -> e.listedLater ? 1 : 0).thenComparing(e -> e.name);

  private final Map<String, Entry> entries = new HashMap<>();
  private Entry[] order = new Entry[0];
  private long generation;
  private final Renderer renderer = new Renderer();

  /** One target as last seen, with what was rendered of it and from what. */
  private static final class Entry {
    final String name;
    long seen;
    TargetStatus status;
    UptimeView uptime;
    boolean listedLater;
    Piece json;
    Piece row;
    Cell jsonUptime;
    Cell rowUptime;

    Entry(String name) {
      this.name = name;
    }
  }

  /**
   * Takes every target's latest snapshot (in any order; a target missing is forgotten) and its
   * uptime by name (a target without one keeps its snapshot's), renders what changed of the
   * surfaces asked for, and returns what to write. Blocking: for a worker.
   */
  public synchronized Frame update(
      List<TargetStatus> snapshots, Map<String, UptimeView> uptimes, boolean json, boolean page) {
    long gen = ++generation;
    List<Entry> added = new ArrayList<>();
    for (TargetStatus s : snapshots) {
      Entry e = see(s, uptimes, gen);
      if (e != null) {
        if (e.seen == 0) {
          added.add(e);
        }
        e.seen = gen;
      }
    }
    // The last order first, new targets after it: sorting that costs a pass unless things moved.
    Entry[] next = new Entry[entries.size()];
    int n = 0;
    for (Entry e : order) {
      if (e.seen == gen) {
        next[n++] = e;
      } else {
        entries.remove(e.name);
      }
    }
    for (Entry e : added) {
      next[n++] = e;
    }
    next = n == next.length ? next : Arrays.copyOf(next, n);
    Arrays.sort(next, ORDER);
    order = next;
    TargetStatus[] statuses = new TargetStatus[n];
    Piece[] jsonPieces = json ? new Piece[n] : null;
    byte[][] jsonCells = json ? new byte[n][] : null;
    Piece[] rowPieces = page ? new Piece[n] : null;
    byte[][] rowCells = page ? new byte[n][] : null;
    for (int i = 0; i < n; i++) {
      Entry e = next[i];
      statuses[i] = e.status;
      if (json) {
        jsonPieces[i] = json(e);
        jsonCells[i] = e.jsonUptime.text;
      }
      if (page) {
        rowPieces[i] = row(e);
        rowCells[i] = e.rowUptime.text;
      }
    }
    return new Frame(
        StatusView.summarize(Arrays.asList(statuses)),
        statuses,
        jsonPieces,
        jsonCells,
        rowPieces,
        rowCells);
  }

  /**
   * The entry for {@code s}, new (never seen) or brought up to date; null when {@code s} is a
   * second snapshot of a target already seen in this update. (A method of its own, like the two
   * below, so the JIT compiles it within the first updates rather than after minutes of them.)
   */
  private Entry see(TargetStatus s, Map<String, UptimeView> uptimes, long gen) {
    Entry e = entries.get(s.name());
    if (e == null) {
      e = new Entry(s.name());
      entries.put(s.name(), e);
    } else if (e.seen == gen) {
      return null;
    }
    e.status = s;
    e.uptime = uptimes.getOrDefault(s.name(), s.uptime());
    e.listedLater = StatusView.listedLater(s);
    return e;
  }

  /** The entry's API object, rendered again if its snapshot changed; its uptime cell likewise. */
  private Piece json(Entry e) {
    if (e.json == null || e.json.of != e.status) {
      e.json = renderer.json(e.status);
    }
    e.jsonUptime = renderer.jsonUptime(e.jsonUptime, e.uptime);
    return e.json;
  }

  /** The entry's row, rendered again if its snapshot changed; its uptime cell likewise. */
  private Piece row(Entry e) {
    if (e.row == null || e.row.of != e.status) {
      e.row = renderer.row(e.status);
    }
    e.rowUptime = renderer.rowUptime(e.rowUptime, e.uptime);
    return e.row;
  }

  /** Lets go of everything kept: the next update renders every target afresh. */
  public synchronized void clear() {
    entries.clear();
    order = new Entry[0];
  }

  /**
   * What one request writes: the summary and, per target in order, its pieces. Immutable; any
   * thread. A frame of {@link #listed} targets renders each piece as it writes it.
   */
  public static final class Frame {
    private final Summary summary;
    private final TargetStatus[] statuses;
    private final Piece[] json;
    private final byte[][] jsonUptime;
    private final Piece[] rows;
    private final byte[][] rowUptime;

    private Frame(
        Summary summary,
        TargetStatus[] statuses,
        Piece[] json,
        byte[][] jsonUptime,
        Piece[] rows,
        byte[][] rowUptime) {
      this.summary = summary;
      this.statuses = statuses;
      this.json = json;
      this.jsonUptime = jsonUptime;
      this.rows = rows;
      this.rowUptime = rowUptime;
    }

    /** {@code /api/status}: the document, a chunk at a time. Blocking when {@code sink} is. */
    public void writeJson(AgentInfo agent, OutputStream sink) throws IOException {
      Chunks out = new Chunks(sink);
      StringBuilder text = new StringBuilder(1024);
      StatusJson.head(text, agent, summary);
      out.text(text);
      Renderer fresh = json == null ? new Renderer() : null;
      for (int i = 0; i < statuses.length; i++) {
        if (i > 0) {
          out.write(',');
        }
        if (fresh == null) {
          json(out, json[i], jsonUptime[i]);
        } else {
          json(out, fresh.json(statuses[i]), fresh.jsonUptime(null, statuses[i].uptime()).text);
        }
      }
      text.setLength(0);
      out.text(text.append(StatusJson.END));
      out.flush();
    }

    /**
     * The status page, a chunk at a time, with each row's ages as of {@code now}. Blocking when
     * {@code sink} is.
     *
     * @param filter the initial filter ({@code ?filter=}); may be null
     * @param assets a token that changes with the agent's version, so browsers refetch CSS and JS
     */
    public void writePage(
        AgentInfo agent,
        String filter,
        Instant now,
        String assets,
        List<IncidentView> incidents,
        OutputStream sink)
        throws IOException {
      Chunks out = new Chunks(sink);
      StringBuilder text = new StringBuilder(4096);
      StatusPage.top(text, summary, agent, filter, assets);
      out.text(text);
      Renderer fresh = rows == null ? new Renderer() : null;
      for (int i = 0; i < statuses.length; i++) {
        if (fresh == null) {
          row(out, rows[i], rowUptime[i], now, text);
        } else {
          row(
              out,
              fresh.row(statuses[i]),
              fresh.rowUptime(null, statuses[i].uptime()).text,
              now,
              text);
        }
      }
      text.setLength(0);
      StatusPage.bottom(text, incidents);
      out.text(text);
      out.flush();
    }
  }

  /** A target's object: the piece with its uptime in the hole. */
  private static void json(Chunks out, Piece p, byte[] uptime) throws IOException {
    int cut = p.cuts[0];
    out.write(p.text, 0, cut);
    out.write(uptime, 0, uptime.length);
    out.write(p.text, cut, p.text.length - cut);
  }

  /** A row: the piece with its ages as of {@code now} and its uptime in the holes. */
  private static void row(Chunks out, Piece p, byte[] uptime, Instant now, StringBuilder text)
      throws IOException {
    int[] cuts = p.cuts;
    out.write(p.text, 0, cuts[0]);
    text.setLength(0);
    StatusPage.stateAge(text, p.of, now);
    out.text(text);
    out.write(p.text, cuts[0], cuts[1] - cuts[0]);
    text.setLength(0);
    StatusPage.probeAge(text, p.of, now);
    out.text(text);
    out.write(p.text, cuts[1], cuts[2] - cuts[1]);
    out.write(uptime, 0, uptime.length);
    out.write(p.text, cuts[2], p.text.length - cuts[2]);
  }

  /** A frame of {@code statuses} as they are, in their order, rendered as it is written. */
  static Frame listed(List<TargetStatus> statuses) {
    return new Frame(
        StatusView.summarize(statuses),
        statuses.toArray(new TargetStatus[0]),
        null,
        null,
        null,
        null);
  }

  /**
   * A target's text from one snapshot, and where the holes go: the uptime for the API; the state's
   * age, the probe's age and the uptime for the page.
   */
  private record Piece(TargetStatus of, byte[] text, int[] cuts) {}

  /** An uptime's text, and the uptime it shows. */
  private record Cell(UptimeView of, byte[] text) {}

  /** Renders pieces and cells with a builder and instant cache of its own; not thread-safe. */
  private static final class Renderer {
    private final StringBuilder text = new StringBuilder(4096);
    private final InstantText instants = new InstantText();

    Piece json(TargetStatus s) {
      text.setLength(0);
      StatusJson.beforeUptime(text, s, instants);
      int cut = text.length();
      StatusJson.afterUptime(text, s);
      return new Piece(s, bytes(), new int[] {cut});
    }

    Piece row(TargetStatus s) {
      text.setLength(0);
      StatusPage.beforeStateAge(text, s);
      int stateAge = text.length();
      StatusPage.beforeProbeAge(text, s, instants);
      int probeAge = text.length();
      StatusPage.beforeUptime(text, s);
      int uptime = text.length();
      StatusPage.afterUptime(text, s);
      return new Piece(s, bytes(), new int[] {stateAge, probeAge, uptime});
    }

    Cell jsonUptime(Cell kept, UptimeView u) {
      return cell(kept, u, StatusJson::uptime);
    }

    Cell rowUptime(Cell kept, UptimeView u) {
      return cell(kept, u, StatusPage::uptime);
    }

    /** {@code kept} when it shows an equal uptime (new views come every few seconds), else anew. */
    private Cell cell(
        Cell kept, UptimeView u, java.util.function.BiConsumer<StringBuilder, UptimeView> render) {
      if (kept != null && (kept.of == u || kept.of.equals(u))) {
        return kept.of == u ? kept : new Cell(u, kept.text);
      }
      text.setLength(0);
      render.accept(text, u);
      return new Cell(u, bytes());
    }

    /**
     * The builder's text as UTF-8: both surfaces escape everything beyond ASCII, so this is a copy
     * of it.
     */
    private byte[] bytes() {
      return text.toString().getBytes(StandardCharsets.UTF_8);
    }
  }
}
