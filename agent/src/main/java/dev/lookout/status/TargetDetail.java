package dev.lookout.status;

import java.util.List;

/**
 * What the status page and {@code /api/status} show about one target beyond its findings, in its
 * check type's own terms: days left on a certificate, a DNS diff, a queue's depth and growth. Part
 * of the check type's judgement of the last probe, so rendering a page of thousands of targets
 * never has to look at certificates or answers again. Never holds a URL, a header or anything else
 * that could carry a secret.
 *
 * @param facts short plain-word lines ({@code HTTP 200}, {@code certificate: 45 days left})
 * @param fields the type's machine-readable values for {@code /api/status}, in the order they are
 *     written ({@code cert_days_left}, {@code dns_diff}, {@code queue_depth} …); a value that is
 *     unknown is left out rather than written as null
 */
public record TargetDetail(List<String> facts, List<Field> fields) {

  public static final TargetDetail EMPTY = new TargetDetail(List.of(), List.of());

  public TargetDetail {
    facts = List.copyOf(facts);
    fields = List.copyOf(fields);
  }

  /** The value of one field, or null when the detail has none by that name. */
  public Object field(String key) {
    for (Field f : fields) {
      if (f.key().equals(key)) {
        return f.value();
      }
    }
    return null;
  }

  /**
   * One {@code /api/status} detail field: a whole number ({@link Long}), a number ({@link Double},
   * NaN written as null) or a list of lines ({@code List<String>}, redacted like findings).
   */
  public record Field(String key, Object value) {
    public static Field of(String key, long value) {
      return new Field(key, value);
    }

    public static Field of(String key, double value) {
      return new Field(key, value);
    }

    public static Field of(String key, List<String> lines) {
      return new Field(key, List.copyOf(lines));
    }
  }
}
