package dev.lookout.check.http.page;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Files a deploy should never serve, and how to tell one from the app's catch-all page: a path
 * counts as exposed only when it answers 2xx and its body looks like the file. The description
 * names the kind of content and at most a key's name, never a value.
 */
public final class ExposedFiles {
  private ExposedFiles() {}

  /** The well-known paths probed on every target with {@code no_exposed_files}. */
  public static final List<String> BUILT_IN =
      List.of(
          "/.env",
          "/.env.production",
          "/.git/HEAD",
          "/.git/config",
          "/.svn/entries",
          "/.DS_Store",
          "/config.json",
          "/wp-config.php.bak",
          "/server-status",
          "/.aws/credentials",
          "/id_rsa",
          "/backup.sql");

  /** How much of each probed file is read: enough to recognise it. */
  public static final long READ = 64 * 1024;

  private static final Pattern KEY_VALUE =
      Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_.]*)\\s*=\\s*\\S");
  private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]{1,40})-----");
  private static final Pattern SQL =
      Pattern.compile(
          "^\\s*(CREATE TABLE|INSERT INTO|DROP TABLE|ALTER TABLE|COPY [a-z_.\"]+ \\(|-- MySQL dump"
              + "|-- PostgreSQL database dump)",
          Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);
  private static final Pattern GIT_HEAD = Pattern.compile("^(ref: refs/\\S+|[0-9a-f]{40})\\s*$");

  /**
   * What the body shows the file to be ({@code 12 KEY=value lines, e.g. DATABASE_URL=…}), or null
   * when it does not look like a file someone leaked: an HTML page, an empty body, anything else.
   *
   * @param bytes the body's size as served
   * @param listed the user asked for this path: any non-HTML body counts, described by its size and
   *     type
   */
  public static String sniff(String body, long bytes, String contentType, boolean listed) {
    String text = body.strip();
    if (text.isEmpty() || looksLikeHtml(text, contentType)) {
      return null;
    }
    String kind = kind(text, body);
    if (kind == null && listed) {
      return String.format(Locale.ROOT, "%,d", bytes)
          + " bytes"
          + (contentType == null ? "" : " of " + contentType.split(";")[0].trim());
    }
    return kind;
  }

  private static String kind(String text, String body) {
    Matcher pem = PEM.matcher(text);
    if (pem.find()) {
      return "a PEM header: -----BEGIN " + pem.group(1) + "-----";
    }
    if (GIT_HEAD.matcher(text).matches()) {
      return text.startsWith("ref:") ? "a git HEAD: ref: refs/…" : "a git HEAD: a commit id";
    }
    if (text.lines().anyMatch(l -> l.strip().equalsIgnoreCase("[core]"))) {
      return "a git config with a [core] section";
    }
    if (text.startsWith("{") && text.contains("\"mappings\"") && text.contains("\"version\"")) {
      return "a source map";
    }
    if (body.startsWith("\0\0\0\1Bud1")) {
      return "a .DS_Store listing of the directory's files";
    }
    if (text.contains("Apache Server Status")) {
      return "Apache's server-status page with its clients and requests";
    }
    if (text.startsWith("<?php")) {
      return "PHP source";
    }
    if (text.matches("(?s)(\\d{1,2}\\n.*|<\\?xml.*<wc-entries.*)")) {
      return "Subversion entries";
    }
    Matcher sql = SQL.matcher(text);
    int statements = 0;
    while (sql.find()) {
      statements++;
    }
    if (statements > 0) {
      return "SQL: " + count(statements, "statement") + " like " + firstSql(text);
    }
    String keys = keyValues(text);
    if (keys != null) {
      return keys;
    }
    if (text.startsWith("{") && text.endsWith("}")) {
      return "a JSON document of " + body.length() + " bytes";
    }
    return null;
  }

  private static String firstSql(String text) {
    Matcher m = SQL.matcher(text);
    return m.find() ? m.group(1).toUpperCase(Locale.ROOT).trim() : "";
  }

  /**
   * {@code 12 KEY=value lines, e.g. DATABASE_URL=…} when most lines that are not blank, comments or
   * {@code [section]} headers are assignments.
   */
  private static String keyValues(String text) {
    int lines = 0;
    int assignments = 0;
    String first = null;
    for (String line : (Iterable<String>) text.lines()::iterator) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#") || l.startsWith(";") || l.matches("\\[[^]]+]")) {
        continue;
      }
      lines++;
      Matcher m = KEY_VALUE.matcher(l);
      if (m.find()) {
        assignments++;
        if (first == null) {
          first = m.group(1);
        }
      }
    }
    if (assignments == 0 || assignments * 10 < lines * 6) {
      return null;
    }
    return count(assignments, "KEY=value line") + ", e.g. " + first + "=…";
  }

  private static boolean looksLikeHtml(String text, String contentType) {
    if (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("text/html")) {
      return true;
    }
    String start = text.substring(0, Math.min(200, text.length())).toLowerCase(Locale.ROOT);
    return start.startsWith("<!doctype html")
        || start.startsWith("<html")
        || start.contains("<body");
  }

  private static String count(int n, String one) {
    return n + " " + one + (n == 1 ? "" : "s");
  }
}
