package dev.lookout.alert.notify;

import dev.lookout.alert.DeliveryException;
import dev.lookout.alert.Notification;
import dev.lookout.alert.Notifier;
import dev.lookout.config.NotifierConfig;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A notifier that POSTs one rendered body: the template for Slack, webhooks and Alertmanager, which
 * only say where ({@link #urls}), what ({@link #render}) and with which headers. The base renders
 * on a worker thread — a storm's payload lists thousands of events and must not hold the
 * dispatcher's loop — and posts through {@link HttpPost}, whose errors name the notifier and the
 * host only, never a URL path that may hold a secret. With several URLs (an Alertmanager cluster),
 * delivery is confirmed when one accepted; the others' failures are logged.
 */
public abstract class HttpNotifier<C extends NotifierConfig> implements Notifier {
  private static final Logger LOG = LoggerFactory.getLogger(HttpNotifier.class);

  protected final Vertx vertx;
  protected final C config;
  private final HttpPost http;

  /** {@code kind} starts every error: {@code slack notifier "ops": 503 from hooks.slack.com}. */
  protected HttpNotifier(Vertx vertx, String kind, C config) {
    this.vertx = vertx;
    this.config = config;
    this.http = new HttpPost(vertx, kind, config.name(), config.delivery().attemptTimeout());
  }

  @Override
  public final String name() {
    return config.name();
  }

  /** Where the body goes; every URL gets it. */
  protected abstract List<URI> urls();

  /** The request body. Runs on a worker thread: keep it a pure function of its inputs. */
  protected abstract Buffer render(Notification n);

  /**
   * The headers of one attempt, computed on the event loop after rendering (a signature over the
   * body, a timestamp per attempt). {@code n} is null for a post that is no notification (a
   * keep-alive). The default sends JSON.
   */
  protected MultiMap headers(Notification n, Buffer body) {
    return MultiMap.caseInsensitiveMultiMap()
        .add("Content-Type", "application/json; charset=utf-8");
  }

  /** Called on the caller's thread before rendering, for notifiers that remember what they sent. */
  protected void sending(Notification n) {}

  @Override
  public final Future<Void> send(Notification n) {
    sending(n);
    return post(() -> render(n), n);
  }

  /** Renders {@code body} on a worker and posts it to every URL. */
  protected final Future<Void> post(Callable<Buffer> body, Notification n) {
    return vertx.executeBlocking(body, false).compose(b -> postAll(headers(n, b), b));
  }

  /** Why a post to several URLs failed when none accepted and no error says more. */
  protected String noneAccepted() {
    return "no receiver accepted the notification";
  }

  /** The prefix of every message: {@code slack notifier "ops"}. */
  protected final String who() {
    return http.who();
  }

  private Future<Void> postAll(MultiMap headers, Buffer body) {
    List<URI> urls = urls();
    if (urls.size() == 1) {
      return http.post(urls.get(0), headers, body, config.delivery().attemptTimeout());
    }
    List<Future<Void>> posts = new ArrayList<>();
    for (URI url : urls) {
      posts.add(http.post(url, headers, body, config.delivery().attemptTimeout()));
    }
    return Future.join(posts)
        .transform(
            r -> {
              long ok = posts.stream().filter(Future::succeeded).count();
              posts.stream()
                  .filter(Future::failed)
                  .forEach(f -> LOG.warn("{}", f.cause().getMessage()));
              if (ok > 0) {
                return Future.succeededFuture();
              }
              Throwable first = posts.get(0).cause();
              return Future.failedFuture(
                  first instanceof DeliveryException
                      ? first
                      : new DeliveryException(who() + ": " + noneAccepted()));
            });
  }

  @Override
  public Future<Void> close() {
    http.close();
    return Future.succeededFuture();
  }
}
