package dev.lookout.incident;

import dev.lookout.state.Journal;
import dev.lookout.state.StateHealth;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every incident, kept in the state directory as {@code incidents.json} plus {@code
 * incidents.journal} ({@link Journal}: each change appends the incident's whole line, fsynced;
 * compaction rewrites the file atomically). Bounded: the last {@value #MAX_INCIDENTS}, none
 * resolved more than {@link #MAX_AGE} ago. Changes are appended once a second (and at close), so a
 * storm costs one write per second, not one per event. Not thread-safe: the {@link Incidents} desk
 * uses it from its own loop; {@link #read} reads the files without a running agent.
 */
public final class IncidentLog {
  private static final Logger LOG = LoggerFactory.getLogger(IncidentLog.class);
  static final String NAME = "incidents";
  public static final int MAX_INCIDENTS = 1000;
  public static final Duration MAX_AGE = Duration.ofDays(90);

  private final Vertx vertx;
  private final Journal journal;
  private final StateHealth health;
  private final Clock clock;
  private final Map<String, Incident> incidents = new LinkedHashMap<>();
  private final Set<String> dirty = new java.util.LinkedHashSet<>();
  private int journalLines;
  private long timer = -1;

  public IncidentLog(Vertx vertx, Path stateDir, StateHealth health, Clock clock) {
    this.vertx = vertx;
    this.journal = new Journal(vertx, stateDir, NAME);
    this.health = health;
    this.clock = clock;
  }

  /** Reads what a previous run left, then appends once a second. */
  public Future<Void> load() {
    return journal
        .read(IncidentLog::parse)
        .map(
            loaded -> {
              loaded.forEach(i -> incidents.put(i.id(), i));
              journalLines = loaded.size();
              prune();
              timer = vertx.setPeriodic(1000, id -> flush());
              return null;
            });
  }

  public Incident get(String id) {
    return incidents.get(id);
  }

  /** Stores a changed incident (appended at the next flush). */
  public void put(Incident i) {
    if (!incidents.containsKey(i.id())) {
      incidents.put(i.id(), i);
      prune();
    } else {
      incidents.put(i.id(), i);
    }
    dirty.add(i.id());
  }

  /** The incidents that pass {@code filter}, newest first. */
  public List<Incident> list(Predicate<Incident> filter) {
    List<Incident> out = new ArrayList<>();
    incidents.values().stream().filter(filter).forEach(out::add);
    out.sort(Comparator.comparing(Incident::firedAt).reversed());
    return out;
  }

  public List<Incident> open() {
    return list(Incident::open);
  }

  private void prune() {
    Instant cutoff = clock.instant().minus(MAX_AGE);
    incidents.values().removeIf(i -> !i.open() && i.resolvedAt().isBefore(cutoff));
    while (incidents.size() > MAX_INCIDENTS) {
      String oldest =
          incidents.values().stream().min(Comparator.comparing(Incident::firedAt)).get().id();
      incidents.remove(oldest);
    }
  }

  /** Appends what changed; compacts when the journal holds twice as many lines as incidents. */
  public Future<Void> flush() {
    if (dirty.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Incident> changed = new ArrayList<>();
    for (String id : dirty) {
      Incident i = incidents.get(id);
      if (i != null) {
        changed.add(i);
      }
    }
    dirty.clear();
    Instant now = clock.instant();
    journalLines += changed.size();
    Future<Void> written;
    if (journalLines > 2 * incidents.size() + 100) {
      List<Incident> all = new ArrayList<>(incidents.values());
      journalLines = 0;
      written =
          journal.compact(
              () -> {
                JsonArray a = new JsonArray();
                all.forEach(i -> a.add(IncidentJson.encode(i, now)));
                return new JsonObject().put("incidents", a).toBuffer();
              });
    } else {
      written =
          journal.append(
              () -> {
                Buffer b = Buffer.buffer();
                changed.forEach(
                    i -> b.appendString(IncidentJson.encode(i, now).encode()).appendString("\n"));
                return b;
              });
    }
    return written
        .onSuccess(v -> health.ok("incident log"))
        .recover(
            e -> {
              health.failed("incident log", e);
              LOG.warn(
                  "incident log: cannot write to the state directory ({}); keeping {} changes in"
                      + " memory and trying again",
                  e.getMessage(),
                  changed.size());
              changed.forEach(i -> dirty.add(i.id()));
              return Future.succeededFuture();
            });
  }

  /** Writes what is left and compacts, at stop. */
  public Future<Void> close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    Instant now = clock.instant();
    List<Incident> all = new ArrayList<>(incidents.values());
    dirty.clear();
    return journal.compact(
        () -> {
          JsonArray a = new JsonArray();
          all.forEach(i -> a.add(IncidentJson.encode(i, now)));
          return new JsonObject().put("incidents", a).toBuffer();
        });
  }

  /**
   * Reads the log as a previous (or the running) agent left it, without Vert.x: for {@code lookout
   * incidents}. A missing directory or log is an empty list.
   */
  public static List<Incident> read(Path stateDir) throws IOException {
    Path file = stateDir.resolve(NAME + ".json");
    Path lines = stateDir.resolve(NAME + ".journal");
    Buffer compacted = Files.exists(file) ? Buffer.buffer(Files.readAllBytes(file)) : null;
    List<Buffer> journalLines = new ArrayList<>();
    if (Files.exists(lines)) {
      for (String line : Files.readAllLines(lines)) {
        if (!line.isBlank()) {
          journalLines.add(Buffer.buffer(line));
        }
      }
    }
    List<Incident> out = parse(new Journal.Contents(compacted, journalLines));
    out.sort(Comparator.comparing(Incident::firedAt).reversed());
    return out;
  }

  /** The compacted file, then each journal line replacing its incident; a torn line is skipped. */
  static List<Incident> parse(Journal.Contents c) {
    Map<String, Incident> out = new LinkedHashMap<>();
    if (c.file() != null) {
      try {
        for (Object o : new JsonObject(c.file()).getJsonArray("incidents", new JsonArray())) {
          Incident i = IncidentJson.decode((JsonObject) o);
          out.put(i.id(), i);
        }
      } catch (DecodeException | ClassCastException | java.time.DateTimeException e) {
        LOG.warn("incident log: {}.json is unreadable; starting from its journal", NAME);
      }
    }
    for (Buffer line : c.lines()) {
      try {
        Incident i = IncidentJson.decode(new JsonObject(line));
        out.put(i.id(), i);
      } catch (DecodeException | ClassCastException | java.time.DateTimeException e) {
        // A line torn by a crash: the next change of that incident writes it whole again.
      }
    }
    return new ArrayList<>(out.values());
  }
}
