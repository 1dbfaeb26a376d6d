package dev.lookout.config;

/** {@code shard: i/n}: this agent probes only its share of the targets. */
public record Shard(int index, int count) {
  public static final Shard ALL = new Shard(1, 1);

  public Shard {
    if (count < 1 || index < 1 || index > count) {
      throw new IllegalArgumentException("shard must be i/n with 1 <= i <= n");
    }
  }

  public static Shard parse(String text) {
    String[] parts = text.trim().split("/");
    try {
      if (parts.length == 2) {
        return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException("\"" + text + "\" is not a shard (write i/n, e.g. 1/3)");
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
