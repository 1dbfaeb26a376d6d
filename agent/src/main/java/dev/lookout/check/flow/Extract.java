package dev.lookout.check.flow;

import dev.lookout.check.http.HttpObservation;
import dev.lookout.config.Regex;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * One {@code extract:} entry: a named value taken from a step's response, for later steps' {@code
 * {{name}}}. An empty value counts as none: the step then fails, naming what was looked for.
 */
sealed interface Extract {
  /** The name later steps refer to. */
  String name();

  /** Where the value was looked for, as the miss says it: {@code at /token}. */
  String where();

  /**
   * The value in the response, or null.
   *
   * @param cookies the cookies the response set, by name
   */
  String from(HttpObservation response, Map<String, String> cookies);

  /** {@code json: /token}: the value at a JSON Pointer (RFC 6901) in the body. */
  record Json(String name, JsonPointer pointer) implements Extract {
    @Override
    public String where() {
      return "at " + pointer;
    }

    @Override
    public String from(HttpObservation response, Map<String, String> cookies) {
      Object doc;
      try {
        doc = io.vertx.core.json.Json.decodeValue(response.body());
      } catch (DecodeException e) {
        return null;
      }
      Object root =
          doc instanceof JsonObject || doc instanceof JsonArray
              ? doc
              : doc instanceof Map<?, ?> m
                  ? new JsonObject(cast(m))
                  : doc instanceof List<?> l ? new JsonArray(l) : null;
      if (root == null) {
        return null;
      }
      Object value = pointer.queryJson(root);
      if (value == null) {
        return null;
      }
      return value instanceof JsonObject || value instanceof JsonArray
          ? io.vertx.core.json.Json.encode(value)
          : String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
  }

  /** {@code header: Location}: a response header (repeated values joined with ", "). */
  record Header(String name, String header) implements Extract {
    @Override
    public String where() {
      return "in header " + header;
    }

    @Override
    public String from(HttpObservation response, Map<String, String> cookies) {
      return response.headers().get(header.toLowerCase(Locale.ROOT));
    }
  }

  /** {@code cookie: session}: the value of a cookie the response set. */
  record Cookie(String name, String cookie) implements Extract {
    @Override
    public String where() {
      return "in cookie " + cookie;
    }

    @Override
    public String from(HttpObservation response, Map<String, String> cookies) {
      return cookies.get(cookie);
    }
  }

  /** {@code regex: 'value="([^"]+)"'}: the first group of the first match in the body. */
  record RegexGroup(String name, Regex regex) implements Extract {
    @Override
    public String where() {
      return "matching " + regex;
    }

    @Override
    public String from(HttpObservation response, Map<String, String> cookies) {
      Matcher m = regex.pattern().matcher(response.body());
      if (!m.find()) {
        return null;
      }
      return m.groupCount() == 0 ? m.group() : m.group(1);
    }
  }

  /**
   * {@code html: 'input[name=csrf]', attribute: value}: an attribute (or, without one, the text) of
   * the first element a CSS selector finds, with jsoup.
   */
  record Html(String name, String selector, String attribute) implements Extract {
    @Override
    public String where() {
      return "at " + selector + (attribute == null ? "" : " attribute " + attribute);
    }

    @Override
    public String from(HttpObservation response, Map<String, String> cookies) {
      Element e = Jsoup.parse(response.body()).selectFirst(selector);
      if (e == null) {
        return null;
      }
      if (attribute == null) {
        return e.text();
      }
      return e.hasAttr(attribute) ? e.attr(attribute) : null;
    }
  }
}
