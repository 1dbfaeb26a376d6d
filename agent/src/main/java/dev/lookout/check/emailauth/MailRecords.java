package dev.lookout.check.emailauth;

import dev.lookout.probe.Observation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an email_auth probe saw: every answer it got, by question, and how many queries and rounds
 * it took. The analysis ({@link EmailAuthAnalysis}) reads only this, so it runs again, unchanged,
 * in the evaluator and in the metrics.
 *
 * @param domain the mail domain
 * @param answers every question asked and its answer, in the order asked
 * @param queries how many questions were sent (each retry against another resolver included)
 * @param rounds how many rounds of questions the probe needed (SPF includes nest)
 * @param complete false when the probe stopped at its query budget with questions left
 */
public record MailRecords(
    String domain, Map<MailQuery, MailAnswer> answers, int queries, int rounds, boolean complete)
    implements Observation, EmailAuthAnalysis.Lookups {

  public MailRecords {
    answers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(answers));
  }

  @Override
  public MailAnswer get(MailQuery q) {
    // Whatever the probe did not ask (it stopped at its query budget) counts as a failed lookup.
    MailAnswer a = answers.get(q);
    return a == null ? MailAnswer.failed("not looked up: the probe's query budget ran out") : a;
  }
}
