package dev.lookout.check.http.page;

import java.util.regex.Pattern;

/**
 * Whether an asset's file name carries a content hash ({@code app.3f9a2b1c.js}, {@code
 * main-BdkUv3aR.css}): such a file never changes under its name, so it can be cached forever with
 * {@code immutable}.
 */
final class Fingerprint {
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{8,}");
  private static final Pattern MIXED = Pattern.compile("(?=.*[0-9])(?=.*[A-Za-z])[A-Za-z0-9_]{8,}");

  private Fingerprint() {}

  static boolean in(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    String[] parts = name.split("[.-]");
    // The first part is the file's own name and the last its extension.
    for (int i = 1; i < parts.length - 1; i++) {
      if (HEX.matcher(parts[i]).matches() || MIXED.matcher(parts[i]).matches()) {
        return true;
      }
    }
    return false;
  }
}
