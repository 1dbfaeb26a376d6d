package dev.lookout.alert;

import dev.lookout.config.NotifierConfig;
import dev.lookout.config.NotifierSyntax;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The registered notifier types: every {@link NotifierSyntax} in {@code
 * META-INF/services/dev.lookout.config.NotifierSyntax}, each of which must be a {@link
 * NotifierType}. The core builds notifiers by looping over them; it never names one.
 */
public final class NotifierTypes {
  private static final List<NotifierType<?>> ALL = installed();

  private NotifierTypes() {}

  /** Every type, in the order of the service file (the order errors list them in). */
  public static List<NotifierType<?>> all() {
    return ALL;
  }

  private static List<NotifierType<?>> installed() {
    List<NotifierType<?>> out = new ArrayList<>();
    for (NotifierSyntax s :
        ServiceLoader.load(NotifierSyntax.class, NotifierSyntax.class.getClassLoader())) {
      if (!(s instanceof NotifierType<?> type)) {
        throw new IllegalStateException(
            s.getClass().getName()
                + " parses notifiers but cannot build them: make it a NotifierType");
      }
      out.add(type);
    }
    return List.copyOf(out);
  }

  /** Builds the notifier for a config entry, with the type that parsed it. */
  public static Notifier create(NotifierConfig config, NotifierContext context) {
    return build(typeOf(config), config, context);
  }

  /** Whether the notifier of a config entry may open a TLS connection. */
  public static boolean mayUseTls(NotifierConfig config) {
    return typeOf(config).mayUseTls();
  }

  /** Whether the notifier of a config entry routes alerts itself (Alertmanager). */
  public static boolean routesItself(NotifierConfig config) {
    return typeOf(config).routesItself();
  }

  private static NotifierType<?> typeOf(NotifierConfig config) {
    for (NotifierType<?> type : ALL) {
      if (type.type().equals(config.type())) {
        return type;
      }
    }
    throw new IllegalArgumentException("no notifier type \"" + config.type() + "\" is registered");
  }

  private static <C extends NotifierConfig> Notifier build(
      NotifierType<C> type, NotifierConfig config, NotifierContext context) {
    return type.create(type.configType().cast(config), context);
  }
}
