package dev.lookout.check.http.page;

import dev.lookout.probe.Text;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

/**
 * What a page's HTML links: the {@code http://} subresources an https page would load (mixed
 * content, active or passive as browsers tell them apart) and the same-origin assets (scripts,
 * stylesheets, images). Parsed with jsoup, which builds a tree from any markup, however broken.
 *
 * <p>Runs on a worker thread, never an event loop: a page is up to {@code max_body} of someone
 * else's HTML. The parse reads through a reader that gives up at the probe's deadline, and the tree
 * is kept at most {@link #MAX_DEPTH} deep, so deep nesting and megabytes of attributes cost bounded
 * time.
 *
 * @param problem why the HTML could not be analysed (the scan then holds what was found before), or
 *     null
 */
public record PageScan(
    List<Insecure> insecure, List<Asset> assets, List<URI> scripts, String problem) {

  static final int MAX_DEPTH = 256;
  private static final int MAX_KEPT = 1000;
  private static final int URL_CHARS = 200;
  private static final Pattern CSS_URL =
      Pattern.compile("url\\(\\s*['\"]?(http://[^'\")\\s]+)", Pattern.CASE_INSENSITIVE);

  public PageScan {
    insecure = List.copyOf(insecure);
    assets = List.copyOf(assets);
    scripts = List.copyOf(scripts);
  }

  /**
   * An {@code http://} URL the page would load. {@code active}: scripts, stylesheets, frames,
   * objects and form targets, which browsers block; otherwise images and media, which they load and
   * mark the page "not secure" for.
   */
  public record Insecure(String url, boolean active) {}

  /** What kind of asset a same-origin subresource is. */
  public enum Kind {
    SCRIPT,
    STYLESHEET,
    IMAGE
  }

  /** A same-origin subresource the page links. */
  public record Asset(URI url, Kind kind) {}

  /** The parse gave up at the probe's deadline. */
  static final class OutOfTime extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutOfTime() {
      super(null, null, false, false);
    }
  }

  /**
   * Scans {@code html} as served at {@code page}, giving up when {@link System#nanoTime()} passes
   * {@code deadlineNanos}.
   */
  public static PageScan scan(String html, URI page, long deadlineNanos) {
    Document doc;
    try {
      Parser parser = Parser.htmlParser().setMaxDepth(MAX_DEPTH);
      doc = parser.parseInput(new DeadlineReader(new StringReader(html), deadlineNanos), "");
    } catch (OutOfTime e) {
      return failed("it did not finish within the timeout");
    } catch (RuntimeException | StackOverflowError e) {
      return failed("jsoup could not parse its markup");
    }
    Collector c = new Collector(page, deadlineNanos);
    try {
      for (Element el : doc.getAllElements()) {
        c.element(el);
      }
    } catch (OutOfTime e) {
      return c.result("it did not finish within the timeout");
    }
    return c.result(null);
  }

  private static PageScan failed(String problem) {
    return new PageScan(List.of(), List.of(), List.of(), problem);
  }

  /** Walks the elements, keeping what it found in first-seen order. */
  private static final class Collector {
    private final URI page;
    private final long deadline;
    private final Map<String, Boolean> insecure = new LinkedHashMap<>();
    private final Map<URI, Kind> assets = new LinkedHashMap<>();
    private final Set<URI> scripts = new LinkedHashSet<>();
    private int seen;

    Collector(URI page, long deadline) {
      this.page = page;
      this.deadline = deadline;
    }

    void element(Element el) {
      if ((++seen & 1023) == 0 && System.nanoTime() > deadline) {
        throw new OutOfTime();
      }
      String tag = el.normalName();
      switch (tag) {
        case "script" -> link(el.attr("src"), true, Kind.SCRIPT);
        case "link" -> linkTag(el);
        case "iframe", "frame", "embed" -> link(el.attr("src"), true, null);
        case "object" -> link(el.attr("data"), true, null);
        case "img" -> {
          link(el.attr("src"), false, Kind.IMAGE);
          srcset(el.attr("srcset"), Kind.IMAGE);
        }
        case "source" -> {
          link(el.attr("src"), false, null);
          srcset(el.attr("srcset"), null);
        }
        case "video" -> {
          link(el.attr("src"), false, null);
          link(el.attr("poster"), false, null);
        }
        case "audio", "track" -> link(el.attr("src"), false, null);
        case "form" -> link(el.attr("action"), true, null);
        case "style" -> css(el.data());
        default -> {}
      }
      if (el.hasAttr("style")) {
        css(el.attr("style"));
      }
    }

    private void linkTag(Element el) {
      Set<String> rel = new LinkedHashSet<>();
      for (String r : el.attr("rel").toLowerCase(Locale.ROOT).split("\\s+")) {
        rel.add(r);
      }
      String href = el.attr("href");
      if (rel.contains("stylesheet")) {
        link(href, true, Kind.STYLESHEET);
      } else if (rel.contains("icon") || rel.contains("apple-touch-icon")) {
        link(href, false, Kind.IMAGE);
      } else if (rel.contains("preload") || rel.contains("modulepreload")) {
        String as = el.attr("as").toLowerCase(Locale.ROOT);
        boolean script = as.equals("script") || rel.contains("modulepreload");
        boolean style = as.equals("style");
        link(
            href,
            script || style,
            script
                ? Kind.SCRIPT
                : style ? Kind.STYLESHEET : as.equals("image") ? Kind.IMAGE : null);
      }
    }

    private void srcset(String value, Kind kind) {
      if (value.isBlank()) {
        return;
      }
      for (String candidate : value.split(",")) {
        String url = candidate.trim().split("\\s+")[0];
        link(url, false, kind);
      }
    }

    private void css(String text) {
      if (text.isEmpty()) {
        return;
      }
      Matcher m = CSS_URL.matcher(text);
      while (m.find()) {
        insecure(m.group(1), false);
      }
    }

    private void link(String raw, boolean active, Kind kind) {
      String value = raw.trim();
      if (value.isEmpty()) {
        return;
      }
      if (value.regionMatches(true, 0, "http://", 0, 7)) {
        insecure(value, active);
      }
      if (kind != null && assets.size() < MAX_KEPT) {
        URI url = resolve(value);
        if (url != null && sameOrigin(url)) {
          assets.putIfAbsent(url, kind);
          if (kind == Kind.SCRIPT) {
            scripts.add(url);
          }
        }
      }
    }

    private void insecure(String url, boolean active) {
      if (insecure.size() < MAX_KEPT) {
        insecure.merge(Text.shorten(url, URL_CHARS), active, Boolean::logicalOr);
      }
    }

    private URI resolve(String value) {
      if (value.length() > 2000 || value.startsWith("data:")) {
        return null;
      }
      try {
        URI u = page.resolve(value.replace(" ", "%20"));
        return new URI(u.getScheme(), u.getAuthority(), u.getPath(), u.getQuery(), null);
      } catch (URISyntaxException | IllegalArgumentException e) {
        return null;
      }
    }

    private boolean sameOrigin(URI url) {
      return Origin.same(page, url);
    }

    PageScan result(String problem) {
      List<Insecure> list = new ArrayList<>();
      insecure.forEach((url, active) -> list.add(new Insecure(url, active)));
      List<Asset> found = new ArrayList<>();
      assets.forEach((url, kind) -> found.add(new Asset(url, kind)));
      return new PageScan(list, found, List.copyOf(scripts), problem);
    }
  }

  /** A reader that stops the parse once the deadline has passed. */
  private static final class DeadlineReader extends Reader {
    private final Reader in;
    private final long deadline;

    DeadlineReader(Reader in, long deadline) {
      this.in = in;
      this.deadline = deadline;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
      if (System.nanoTime() > deadline) {
        throw new OutOfTime();
      }
      return in.read(buf, off, Math.min(len, 8192));
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
