package dev.lookout.check.maildelivery;

/** Which of the configured folders a message was found in: the {@code folder} metric label. */
public enum FolderRole {
  INBOX("inbox"),
  SPAM("spam");

  private final String label;

  FolderRole(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
