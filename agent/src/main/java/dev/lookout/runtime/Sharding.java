package dev.lookout.runtime;

import dev.lookout.config.Shard;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Rendezvous (highest-random-weight) hashing of target names onto shards: every agent computes the
 * same owner without talking to the others, and going from n to n+1 shards moves only the targets
 * the new shard wins, about 1/(n+1) of them.
 */
public final class Sharding {
  private Sharding() {}

  public static boolean owns(Shard shard, String target) {
    if (shard.count() == 1) {
      return true;
    }
    return owner(target, shard.count()) == shard.index();
  }

  /** The 1-based shard that owns {@code target} among {@code count} shards. */
  public static int owner(String target, int count) {
    int best = 1;
    long bestWeight = Long.MIN_VALUE;
    for (int i = 1; i <= count; i++) {
      long w = weight(target, i);
      if (w > bestWeight) {
        bestWeight = w;
        best = i;
      }
    }
    return best;
  }

  private static long weight(String target, int shard) {
    CRC32C crc = new CRC32C();
    crc.update((shard + ":" + target).getBytes(StandardCharsets.UTF_8));
    // Spread the 32-bit checksum with a 64-bit mix so neighbouring shard numbers don't correlate.
    long z = crc.getValue() * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
