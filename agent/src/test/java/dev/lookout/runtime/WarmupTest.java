package dev.lookout.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.Config;
import dev.lookout.config.ConfigLoader;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TLS is loaded ahead of the first probe exactly when something in the config may need it. */
class WarmupTest {
  /** {@code yaml} with " / " for each line break. */
  private static Config config(String targetsAndNotifiers) throws Exception {
    return new ConfigLoader(name -> null)
        .parse(
            "lookout.yaml",
            Path.of("."),
            "agent: {listen: '127.0.0.1:0', state_dir: /tmp/lookout-warmup-test}\n"
                + targetsAndNotifiers.replace(" / ", "\n"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "targets: [{name: a, http: {url: 'http://127.0.0.1:1/'}}]| false",
        "targets: [{name: a, http: {url: 'https://127.0.0.1:1/'}}]| true",
        "targets: [{name: a, tls: {host: example.test}}]| true",
        "targets: [{name: a, queue: {url: 'https://127.0.0.1:1/q', depth: /n}}]| true",
        "targets: [{name: a, queue: {url: 'http://127.0.0.1:1/q', depth: /n}}]| false",
        "targets: [{name: a, dns: {name: example.test}, expect: {A: [192.0.2.1]}}]| false",
        "notifiers: {ops: {type: webhook, url: 'http://127.0.0.1:1/h'}} / targets: []| true",
        "notifiers: {quiet: {type: log}} / targets: []| false"
      })
  void usesTlsWhenATargetOrNotifierMay(String yaml, boolean expected) throws Exception {
    assertThat(Warmup.usesTls(config(yaml))).isEqualTo(expected);
  }
}
