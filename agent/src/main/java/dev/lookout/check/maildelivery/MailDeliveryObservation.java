package dev.lookout.check.maildelivery;

import dev.lookout.probe.Observation;
import java.time.Duration;
import java.time.Instant;

/**
 * What one probe saw: when the message was accepted, whether and where it arrived and how long it
 * took, and the receiver's verdicts on it.
 *
 * @param sentAt when the SMTP server answered {@code 250} to the message
 * @param delivery from that {@code 250} to the poll that first saw it; null when it did not arrive
 * @param waited how long the probe looked for it
 * @param folder where it was found; null when it did not arrive
 * @param folderName the folder's name on the server
 * @param auth the receiver's verdicts ({@link MailAuth#NONE} when it did not arrive)
 * @param removed older probe messages removed from the folders
 */
public record MailDeliveryObservation(
    Instant sentAt,
    Duration delivery,
    Duration waited,
    FolderRole folder,
    String folderName,
    MailAuth auth,
    int removed)
    implements Observation {

  public boolean delivered() {
    return delivery != null;
  }
}
