package dev.lookout.check.maildelivery;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.search.HeaderTerm;
import java.time.Clock;
import java.util.List;
import java.util.Properties;

/**
 * The probe's IMAP session, with Angus Mail. Every method blocks, so it runs on a worker thread,
 * one call at a time (the attempt chains them): never on an event loop. Socket timeouts are the
 * time the probe has left, so a call cannot outlive the probe for long.
 */
final class Mailbox {
  private static final String AUTH_RESULTS = "Authentication-Results";

  private final ImapSettings imap;
  private final Store store;
  private final Clock clock;

  /** What one look at the folders found. */
  record Look(Found found, int removed) {}

  /** The probe message: where, and the receiver's {@code Authentication-Results}, topmost first. */
  record Found(FolderRole role, String folder, List<String> authResults) {}

  /** A configured folder the server does not have. */
  static final class NoSuchFolder extends Exception {
    private static final long serialVersionUID = 1L;

    NoSuchFolder(String folder) {
      super(folder, null, false, false);
    }
  }

  Mailbox(ImapSettings imap, long timeoutMillis, Clock clock) throws MessagingException {
    this.imap = imap;
    this.clock = clock;
    String protocol = imap.tls() == ImapSettings.Tls.IMPLICIT ? "imaps" : "imap";
    String p = "mail." + protocol + ".";
    Properties props = new Properties();
    String timeout = Long.toString(Math.max(1, timeoutMillis));
    props.setProperty(p + "connectiontimeout", timeout);
    props.setProperty(p + "timeout", timeout);
    props.setProperty(p + "ssl.checkserveridentity", "true");
    if (imap.tls() == ImapSettings.Tls.STARTTLS) {
      props.setProperty(p + "starttls.enable", "true");
      props.setProperty(p + "starttls.required", "true");
    }
    this.store = Session.getInstance(props).getStore(protocol);
  }

  /** Connects and logs in. */
  void open() throws MessagingException {
    store.connect(imap.host(), imap.port(), imap.username(), imap.password());
  }

  /**
   * Looks in the inbox, then the spam folder, for every probe message: {@code current} is read and
   * removed, and so are leftovers in either folder (see {@link ProbeId#leftOverFrom}) removed
   * ({@code \Deleted}, then expunged when the folder closes).
   */
  Look look(ProbeId current, String inbox, String spam) throws MessagingException, NoSuchFolder {
    Found found = null;
    int removed = 0;
    List<String> folders = spam == null ? List.of(inbox) : List.of(inbox, spam);
    for (int i = 0; i < folders.size(); i++) {
      FolderRole role = i == 0 ? FolderRole.INBOX : FolderRole.SPAM;
      Folder folder = store.getFolder(folders.get(i));
      if (!folder.exists()) {
        throw new NoSuchFolder(folders.get(i));
      }
      folder.open(Folder.READ_WRITE);
      boolean expunge = false;
      try {
        Message[] probes = folder.search(new HeaderTerm(ProbeId.HEADER, ProbeId.PREFIX));
        FetchProfile fp = new FetchProfile();
        fp.add(ProbeId.HEADER);
        fp.add(AUTH_RESULTS);
        folder.fetch(probes, fp);
        for (Message m : probes) {
          String[] ids = m.getHeader(ProbeId.HEADER);
          ProbeId id = ProbeId.parse(ids == null || ids.length == 0 ? null : ids[0]);
          if (id == null) {
            continue;
          }
          if (id.equals(current) && found == null) {
            String[] ar = m.getHeader(AUTH_RESULTS);
            found = new Found(role, folders.get(i), ar == null ? List.of() : List.of(ar));
          } else if (!id.leftOverFrom(current, clock.instant())) {
            continue;
          } else {
            removed++;
          }
          m.setFlag(Flags.Flag.DELETED, true);
          expunge = true;
        }
      } finally {
        folder.close(expunge);
      }
    }
    return new Look(found, removed);
  }

  /** Logs out; never throws. */
  void close() {
    try {
      store.close();
    } catch (MessagingException | RuntimeException e) {
      // The probe's verdict is already decided; a failed logout changes nothing about it.
    }
  }
}
