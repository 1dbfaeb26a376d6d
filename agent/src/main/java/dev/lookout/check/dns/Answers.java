package dev.lookout.check.dns;

import dev.lookout.probe.dns.DnsValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CAARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** Turns a DNS response into the canonical values the dns check compares. */
final class Answers {
  private Answers() {}

  /** The answer to ({@code name}, {@code type}) in {@code m}, following a CNAME chain. */
  static DnsObservation.TypeAnswer read(Message m, Name name, int type) {
    List<String> values = new ArrayList<>();
    String cname = null;
    Long ttl = null;
    for (Record r : m.getSection(Section.ANSWER)) {
      if (r.getType() == Type.CNAME && type != Type.CNAME) {
        if (cname == null && r.getName().equals(name)) {
          cname = DnsValues.name(((CNAMERecord) r).getTarget().toString());
        }
        continue;
      }
      if (r.getType() != type) {
        continue;
      }
      String v = text(r);
      if (!values.contains(v)) {
        values.add(v);
      }
      ttl = ttl == null ? r.getTTL() : Math.min(ttl, r.getTTL());
    }
    values.sort(null);
    return new DnsObservation.TypeAnswer(
        values, cname, ttl, m.getHeader().getFlag(Flags.AA), null, false);
  }

  /** One record's value in {@link DnsValues} canonical form. */
  static String text(Record r) {
    if (r instanceof ARecord a) {
      return DnsValues.address(a.getAddress());
    }
    if (r instanceof AAAARecord a) {
      return DnsValues.address(a.getAddress());
    }
    if (r instanceof CNAMERecord c) {
      return name(c.getTarget());
    }
    if (r instanceof NSRecord ns) {
      return name(ns.getTarget());
    }
    if (r instanceof MXRecord mx) {
      return mx.getPriority() + " " + name(mx.getTarget());
    }
    if (r instanceof TXTRecord txt) {
      // RFC 7208 §3.3: the character-strings of one TXT record are joined without a separator.
      return String.join("", txt.getStrings());
    }
    if (r instanceof CAARecord caa) {
      return DnsValues.caa(caa.getFlags(), caa.getTag(), caa.getValue());
    }
    if (r instanceof SRVRecord srv) {
      return srv.getPriority()
          + " "
          + srv.getWeight()
          + " "
          + srv.getPort()
          + " "
          + name(srv.getTarget());
    }
    if (r instanceof SOARecord soa) {
      return name(soa.getHost())
          + " "
          + name(soa.getAdmin())
          + " "
          + soa.getSerial()
          + " "
          + soa.getRefresh()
          + " "
          + soa.getRetry()
          + " "
          + soa.getExpire()
          + " "
          + soa.getMinimum();
    }
    return r.rdataToString();
  }

  private static String name(Name n) {
    return n.toString().toLowerCase(Locale.ROOT);
  }
}
