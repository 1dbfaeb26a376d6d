package dev.lookout.testing;

import java.util.stream.Stream;

/**
 * The flow check against the hostile corpus: a login step whose peer never answers, answers
 * garbage, or answers a page with no token in it. The step's failure names the step and the peer.
 */
class FlowHostileCorpusTest extends HostileHarness {
  private static final String FLOW =
      "flow: {steps: [{name: login, http: {url: \"http://127.0.0.1:PORT/login\"}, extract: {token:"
          + " {json: /token}}}, {name: cart, http: {url: \"http://127.0.0.1:PORT/cart\", headers:"
          + " {Authorization: \"Bearer {{token}}\"}}}]}";

  @Override
  protected Stream<HostileCase> cases() {
    return Stream.of(
        new HostileCase(
            "a login that never answers",
            HostileServers::silent,
            FLOW,
            "step 1 of 2 \"login\": the flow's timeout of 1 s ran out"),
        new HostileCase(
            "binary garbage instead of HTTP",
            v -> HostileServers.answering(v, HostileServers.garbage()),
            FLOW,
            "step 1 of 2 \"login\": "),
        new HostileCase(
            "a login page with control characters and no token",
            v ->
                HostileServers.http(
                    v,
                    req ->
                        req.response()
                            .putHeader("Content-Type", "application/json")
                            .end("{\"token\": \"\", \"x\": \"\\u001b[2J\\r\\n\"}")),
            FLOW,
            "step 1 of 2 \"login\": no value for \"token\" at /token"));
  }
}
