package dev.lookout.alert;

/**
 * A notification not yet confirmed, with where its delivery stands. Touched only on the
 * dispatcher's context, so its fields need no guarding.
 */
final class PendingNotification {
  Notification n;
  boolean stored;
  boolean storing;
  boolean sending;
  boolean delivered;
  int failures;
  long retryTimer = -1;

  PendingNotification(Notification n, boolean stored) {
    this.n = n;
    this.stored = stored;
  }
}
