package dev.lookout.config;

import java.util.List;
import java.util.ServiceLoader;

/**
 * The check types the loader knows, in the order errors list them. The registry ({@code
 * dev.lookout.checks.CheckTypes}) provides it through {@link ServiceLoader} ({@code
 * META-INF/services/dev.lookout.config.CheckParsers}), so the config package never imports the
 * check packages that import it.
 */
public interface CheckParsers {
  /** Every check type, in the order they are listed in errors. */
  List<? extends CheckParser<?>> parsers();

  /** The one registry on the class path. */
  static CheckParsers registry() {
    return Holder.REGISTRY;
  }

  /** Loaded once, on first use. */
  final class Holder {
    private Holder() {}

    static final CheckParsers REGISTRY =
        ServiceLoader.load(CheckParsers.class, CheckParsers.class.getClassLoader())
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no check types on the class path"));
  }
}
