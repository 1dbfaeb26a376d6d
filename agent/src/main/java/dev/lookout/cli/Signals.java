package dev.lookout.cli;

import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP for "reload the config", as daemons do. The JDK has no public signal API; {@code
 * sun.misc.Signal} (module jdk.unsupported, exported on purpose for this) is reached by reflection
 * so the build's {@code -Werror} is not tripped by its "internal API" warning.
 */
final class Signals {
  private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

  private Signals() {}

  static void onHangup(Runnable action) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Object hup = signal.getConstructor(String.class).newInstance("HUP");
      Object handler =
          Proxy.newProxyInstance(
              Signals.class.getClassLoader(),
              new Class<?>[] {handlerType},
              (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                  action.run();
                  return null;
                }
                return method.getName().equals("toString") ? "lookout SIGHUP handler" : null;
              });
      signal.getMethod("handle", signal, handlerType).invoke(null, hup, handler);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn(
          "SIGHUP reload is not available on this JVM ({}); the config file is still watched",
          e.toString());
    }
  }
}
